"""What is shown: panels, charts, maps, French tables, screens, exports and the deck."""
