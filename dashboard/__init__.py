"""The Export Monitor web application (Dash). See README.md for the layout of the code."""
