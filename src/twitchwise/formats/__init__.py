"""What a file format is, shared by its reader (``imports``) and its writer (``exports``): codes,
columns, escaping. Readers and writers both point down here and never at each other."""
