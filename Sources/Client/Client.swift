// Client module
