"""Use-cases spanning several models. No widgets here."""
