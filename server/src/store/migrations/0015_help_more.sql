-- Help requests, continued: the resident's one photo (files as the shop's and the patrol
-- log's: content-addressed, two sizes).
CREATE TABLE help_photos (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL UNIQUE REFERENCES help_requests(id),
    hash        TEXT    NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
