// Args module
