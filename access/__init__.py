"""Who the user is: local passwords (``passwords``), LDAP / Active Directory sign-in
(``ldap_login``). Neither imports ``dashboard``; the web layer (``dashboard/auth``)
and the CLI use them."""
