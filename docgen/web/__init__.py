"""The clerk's desk (docgen serve): a web application over the library."""
