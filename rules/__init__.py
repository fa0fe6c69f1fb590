"""Makes the default rule pack (the `.rules` files beside this one) installable as package data."""
