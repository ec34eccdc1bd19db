"""peewee models and domain rules. No Qt imports here."""
