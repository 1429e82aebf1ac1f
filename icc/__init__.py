"""The ICC dashboard, in the order data flows; each package imports only those listed before it.

- ``settings``, ``formatting``, ``frames``, ``colors``: shared helpers, used by every stage;
- ``datasets``: what a dataset is (description, problems, contours, files written from it);
- ``storage``: versions in force and past, as of a date, accounts and sessions;
- ``prepared``: the model prepared once per data version, the one filter path, the numbers;
- ``intake``: files in, read, checked against the data in force, compared, published;
- ``present``: panels, charts, maps, French tables, screens, exports and the deck;
- ``web``: the HTTP side (no Streamlit); ``ui``: the only part that imports Streamlit.

``tests/test_layers.py`` states this order once and enforces it.
"""
