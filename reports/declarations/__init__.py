"""Draft declarations written from an audit run (`ent-audit declare`)."""
