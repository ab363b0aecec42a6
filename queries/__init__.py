"""The data layer of Export Monitor: configuration, schema, the filter type, query
functions, the demonstration-data generator. Nothing here imports Dash."""
