-----BEGIN SSH SIGNATURE-----
!!garbage!!
-----END SSH SIGNATURE-----
