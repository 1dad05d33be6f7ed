/* The portal's own scripts (no inline scripts: the CSP forbids them). */
