"""Chart builders: aggregated DataFrame in, plotly figure out; no Streamlit here."""
