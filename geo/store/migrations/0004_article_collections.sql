-- 0004: which collection of articles (a build's folder) each article was last built from.
--
-- A rebuild replaces what its collection built before: the articles the
-- collection no longer has go, with the features only they support
-- (geo/store/write.py). Articles of other collections, and features that
-- cite them, are not touched, so two analysts building different folders
-- into one store both keep their work. Articles stored before this
-- migration, or written without a collection, have none (NULL): only a
-- build of those same articles replaces their features.

ALTER TABLE articles ADD COLUMN collection text;
CREATE INDEX articles_collection_idx ON articles (collection);
