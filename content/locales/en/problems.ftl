# The API's own refusals (application/problem+json): the titles of HTTP statuses and what
# the front door says about a request it cannot take (no token, not JSON, a bad query
# parameter, a path that is not part of the API). Field names, numbers and what the request
# sent are values; every sentence around them is here.

problem-title-400 = Bad Request
problem-title-401 = Unauthorized
problem-title-403 = Forbidden
problem-title-404 = Not Found
problem-title-405 = Method Not Allowed
problem-title-409 = Conflict
problem-title-413 = Payload Too Large
problem-title-415 = Unsupported Media Type
problem-title-422 = Invalid request
problem-title-429 = Too Many Requests
problem-title-500 = Internal Server Error
problem-title-503 = Service Unavailable
problem-title-other = Request refused

# Signing the request.
problem-no-token = send `Authorization: Bearer <token>`; get a token from POST /api/v1/auth/token or `soothe token create`
problem-bad-scheme = the Authorization header must be `Bearer <token>`
problem-token-unknown = this token is unknown or has been revoked
problem-session-ended = this session has ended; sign in again
problem-csrf = send the page's CSRF token in the `X-CSRF-Token` header

# The body.
problem-media-type = send the body as JSON with `Content-Type: application/json`
problem-too-large = the body is larger than { $max } bytes
problem-json-syntax = the body is not valid JSON (line { $line }, column { $column })
problem-json-eof = the body is not valid JSON: it ends too early (line { $line }, column { $column })
problem-json-unreadable = the body could not be read as JSON text

# A value in the body, the query or the path (the field is named before it).
problem-missing = is missing
problem-unknown-field = is not a field soothe knows here; check its spelling
problem-duplicate = is given twice
problem-not-a-choice = “{ $value }” is not one of the choices: { $choices }
problem-expected-text = should be text
problem-expected-number = should be a number
problem-expected-whole = should be a whole number
problem-expected-boolean = should be true or false
problem-expected-list = should be a list
problem-expected-object = should be an object
problem-wrong-type = is not the right type of value
problem-wrong-length = has the wrong number of items
problem-bad-value = cannot be read here; check its format
problem-bad-value-of = “{ $value }” cannot be read here; check its format
problem-query = the query string cannot be read; check its parameters
problem-query-name-control = a parameter's name holds a hidden control character; remove it
problem-user-id = “{ $value }” is not a user id: give a whole number from 1 to { $max }

# A time, a birth, a time of day or weekdays the request wrote in a way soothe cannot read.
problem-time-malformed = “{ $value }” is not an RFC 3339 date-time (e.g. 2026-11-21T10:00:00+01:00)
problem-time-date-only = “{ $value }” is a date; a date-time with a UTC offset is needed (e.g. { $value }T10:00:00+01:00)
problem-time-no-offset = “{ $value }” has no UTC offset; add one, e.g. { $value }+01:00 or { $value }Z
problem-time-offset = “{ $value }” has the UTC offset { $offset }, which no place uses; offsets run from -14:00 to +14:00
problem-time-range = “{ $value }” is too far in the past or the future for soothe; check the year
problem-birth = “{ $value }” is neither a date (2026-09-01) nor a date-time with an offset
problem-time-of-day = “{ $value }” is not a time of day (HH:MM) or `suggested`
problem-weekdays = weekdays are `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`

# Whole requests.
problem-no-route = no such endpoint; the API lives under /api/v1 (see /api/v1/openapi.json)
problem-method = this endpoint does not take this method
problem-rate-limited = too many sign-in attempts; try again in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}
problem-busy = soothe is checking many sign-ins right now; try again in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}
problem-internal = something went wrong on the server; nothing was changed by this request
