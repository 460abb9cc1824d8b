-- Trigram similarity for search and "similar items".
CREATE EXTENSION IF NOT EXISTS pg_trgm;
