"""Files in: read, checked against the data in force, compared, published.

``reading`` turns a file into text cells (``headers`` and ``cells`` say how headers and cells
are understood), ``validation`` types and checks them, ``diff`` compares them with the version
in force, ``upload`` runs the whole flow and publishes, inside the error ``boundary``;
``ministere`` reads the Ministry of Culture's extracts, ``seed`` publishes the default data.
"""
