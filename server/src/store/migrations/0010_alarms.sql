-- One call, a hundred answers (一呼百应): volunteers' skills, the patrol rota, and the
-- one-key alarm with its stored escalation deadlines and timeline.

-- What a volunteer can help with (medical, legal, electrician …).
CREATE TABLE volunteer_skills (
    user_id INTEGER NOT NULL REFERENCES users(id),
    skill   TEXT    NOT NULL CHECK (skill IN
        ('medical', 'legal', 'electrician', 'plumbing', 'elderly_care', 'counselling')),
    PRIMARY KEY (user_id, skill)
);

-- Patrol shifts of a grid (morning, evening, the 24-hour gate duty), each wanting
-- `wanted` volunteers. [starts_at, ends_at) in Unix seconds.
CREATE TABLE patrol_shifts (
    id        INTEGER PRIMARY KEY,
    grid_id   INTEGER NOT NULL REFERENCES nodes(id),
    kind      TEXT    NOT NULL CHECK (kind IN ('morning', 'evening', 'gate')),
    starts_at INTEGER NOT NULL,
    ends_at   INTEGER NOT NULL CHECK (ends_at > starts_at),
    wanted    INTEGER NOT NULL DEFAULT 3 CHECK (wanted > 0),
    UNIQUE (grid_id, kind, starts_at)
);
CREATE INDEX patrol_shifts_time ON patrol_shifts(starts_at, ends_at);

CREATE TABLE patrol_signups (
    shift_id INTEGER NOT NULL REFERENCES patrol_shifts(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    added_by INTEGER NOT NULL REFERENCES users(id),
    at       INTEGER NOT NULL,
    PRIMARY KEY (shift_id, user_id)
);
CREATE INDEX patrol_signups_user ON patrol_signups(user_id);

-- An alarm is written (with its first timeline row and its notices) before the sender
-- hears "sent". `escalate_at` is the stored deadline of the next ladder step; NULL once
-- acknowledged, resolved, or at the top of the ladder.
CREATE TABLE alarms (
    id           INTEGER PRIMARY KEY,
    grid_id      INTEGER NOT NULL REFERENCES nodes(id),
    community_id INTEGER NOT NULL REFERENCES nodes(id),
    raised_by    INTEGER NOT NULL REFERENCES users(id),
    -- The phone's own key for this press, so a retried press is one alarm.
    client_key   TEXT,
    text         TEXT    NOT NULL DEFAULT '',
    lat          REAL,
    lon          REAL,
    state        TEXT    NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'acknowledged', 'resolved')),
    level        INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
    escalate_at  INTEGER,
    acked_by     INTEGER REFERENCES users(id),
    acked_at     INTEGER,
    resolved_by  INTEGER REFERENCES users(id),
    resolved_at  INTEGER,
    resolution   TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX alarms_due ON alarms(escalate_at) WHERE escalate_at IS NOT NULL;
CREATE INDEX alarms_community ON alarms(community_id, created_at);
CREATE INDEX alarms_raiser ON alarms(raised_by, created_at);
CREATE UNIQUE INDEX alarms_client_key ON alarms(raised_by, client_key)
    WHERE client_key IS NOT NULL;

-- Every step of an alarm. An escalation to a level is written once, whoever runs it.
CREATE TABLE alarm_events (
    id       INTEGER PRIMARY KEY,
    alarm_id INTEGER NOT NULL REFERENCES alarms(id),
    kind     TEXT    NOT NULL
        CHECK (kind IN ('raised', 'acknowledged', 'escalated', 'resolved')),
    level    INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    -- How many people this step reached.
    reached  INTEGER NOT NULL DEFAULT 0,
    note     TEXT    NOT NULL DEFAULT '',
    at       INTEGER NOT NULL
);
CREATE INDEX alarm_events_alarm ON alarm_events(alarm_id, id);
CREATE UNIQUE INDEX alarm_events_once ON alarm_events(alarm_id, level)
    WHERE kind = 'escalated';

-- Who an alarm reached (they may see it and say "I'm going").
CREATE TABLE alarm_reached (
    alarm_id INTEGER NOT NULL REFERENCES alarms(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    level    INTEGER NOT NULL,
    PRIMARY KEY (alarm_id, user_id)
);
CREATE INDEX alarm_reached_user ON alarm_reached(user_id);

-- Help requests: a resident's need, offered to the volunteers of the area whose skills
-- match; the first `places` who answer "I can come" are accepted.
CREATE TABLE help_requests (
    id           INTEGER PRIMARY KEY,
    requester_id INTEGER NOT NULL REFERENCES users(id),
    grid_id      INTEGER NOT NULL REFERENCES nodes(id),
    community_id INTEGER NOT NULL REFERENCES nodes(id),
    skill        TEXT,
    urgency      TEXT    NOT NULL CHECK (urgency IN ('low', 'normal', 'urgent')),
    place        TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    places       INTEGER NOT NULL CHECK (places BETWEEN 1 AND 10),
    state        TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'full', 'done')),
    done_at      INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX help_requests_requester ON help_requests(requester_id, id);

-- Who a request was offered to, and who was accepted.
CREATE TABLE help_offers (
    request_id INTEGER NOT NULL REFERENCES help_requests(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (request_id, user_id)
);
CREATE INDEX help_offers_user ON help_offers(user_id);
CREATE TABLE help_answers (
    request_id INTEGER NOT NULL REFERENCES help_requests(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    at         INTEGER NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
