import Hummingbird

/// The JSON API described in OpenAPI 3.0, by hand, in this one file; served at `/openapi.json`. A test holds every
/// registered `/api/` route against its paths.
enum OpenAPIDocument {
    static func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json)))
        }
    }

    static let json = """
        {
          "openapi": "3.0.3",
          "info": {
            "title": "Segue Studio API",
            "version": "1.0.0",
            "description": "Make and hear Segue DJ sessions. Authenticate with a browser session cookie (forms then need the CSRF token, as the X-CSRF-Token header or a csrf field) or an API token: Authorization: Bearer TOKEN (from `segue user add NAME --token`). A listener account sees its own listener's sessions only; editor, reviewer and admin are staff and may use any listener."
          },
          "components": {
            "securitySchemes": {
              "bearer": {"type": "http", "scheme": "bearer"},
              "cookie": {"type": "apiKey", "in": "cookie", "name": "segue_session"}
            },
            "parameters": {
              "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
            },
            "responses": {
              "Error": {"description": "An error: 400, 401 (not signed in), 403 (wrong role or CSRF), 404, 413, 416, 429, 503", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Error": {"type": "object", "required": ["error", "message"], "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
              "Me": {"type": "object", "properties": {"name": {"type": "string"}, "role": {"type": "string", "enum": ["listener", "editor", "reviewer", "admin"]}, "listener": {"type": "string", "nullable": true}}},
              "CreateSession": {"type": "object", "properties": {
                "listener": {"type": "string", "description": "Required for staff; a listener account may leave it out."},
                "minutes": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 120, "default": 10},
                "discovery": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.2},
                "arc": {"type": "string", "enum": ["warmup", "peak", "steady", "cooldown"], "default": "peak"},
                "seed": {"type": "integer", "format": "int64", "minimum": 0}}},
              "Job": {"type": "object", "required": ["id", "kind", "listener", "owner", "stage", "fraction"], "properties": {
                "id": {"type": "string"}, "listener": {"type": "string"}, "owner": {"type": "string"},
                "kind": {"type": "string", "enum": ["session", "script", "render"]},
                "script": {"type": "string", "description": "The script made (script job) or rendered (render job)."},
                "stage": {"type": "string", "enum": ["queued", "planning", "scripting", "voicing", "mixing", "done", "failed", "cancelled"]},
                "fraction": {"type": "number", "minimum": 0, "maximum": 1},
                "session": {"type": "string", "description": "The finished session's id."},
                "message": {"type": "string"}}},
              "SessionSummary": {"type": "object", "properties": {
                "id": {"type": "string"}, "listener": {"type": "string"}, "created": {"type": "string", "format": "date-time"},
                "minutes": {"type": "number"}, "discovery": {"type": "number"}, "arc": {"type": "string"},
                "seed": {"type": "integer"}, "audio": {"type": "string"}, "captions": {"type": "string"}}},
              "SessionDetail": {"type": "object", "properties": {
                "session": {"$ref": "#/components/schemas/SessionSummary"},
                "tracks": {"type": "array", "items": {"type": "object", "properties": {
                  "position": {"type": "integer"}, "trackID": {"type": "string"}, "title": {"type": "string"},
                  "artist": {"type": "string"}, "start": {"type": "number"}, "end": {"type": "number"},
                  "reasons": {"type": "array", "items": {"type": "string"}, "description": "Why this track."}}}},
                "lines": {"type": "array", "items": {"type": "object", "properties": {
                  "id": {"type": "string"}, "text": {"type": "string"}, "spoken": {"type": "boolean"},
                  "start": {"type": "number"}, "end": {"type": "number"}}}},
                "warnings": {"type": "array", "items": {"type": "string"}}}},
              "ImpactSeries": {"type": "object", "properties": {
                "listener": {"type": "string", "nullable": true},
                "points": {"type": "array", "items": {"type": "object", "properties": {
                  "session": {"type": "string"}, "listener": {"type": "string"}, "created": {"type": "string", "format": "date-time"},
                  "tracks": {"type": "integer"}, "head": {"type": "number"}, "mid": {"type": "number"}, "tail": {"type": "number"},
                  "newArtistShare": {"type": "number"}, "diversity": {"type": "number"}, "smoothTransitionShare": {"type": "number"}}}}}},
              "Lineup": {"type": "object", "properties": {
                "listener": {"type": "string"}, "seed": {"type": "integer"},
                "picks": {"type": "array", "items": {"type": "object", "properties": {
                  "position": {"type": "integer"}, "trackID": {"type": "string"}, "title": {"type": "string"},
                  "artist": {"type": "string"}, "duration": {"type": "number"}, "score": {"type": "number"},
                  "newArtist": {"type": "boolean"}, "reasons": {"type": "array", "items": {"type": "string"}}}}},
                "skipped": {"type": "array", "items": {"type": "string"}},
                "warnings": {"type": "array", "items": {"type": "string"}}}},
              "Template": {"type": "object", "required": ["id", "status", "text"], "properties": {
                "id": {"type": "string"}, "kind": {"type": "string"}, "locale": {"type": "string"}, "author": {"type": "string"},
                "status": {"type": "string", "enum": ["draft", "submitted", "approved", "rejected", "retired"]},
                "revision": {"type": "string"}, "text": {"type": "string", "description": "The whole file: front matter and body."},
                "approvedBy": {"type": "string", "nullable": true}}},
              "LintFinding": {"type": "object", "properties": {"code": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"}, "message": {"type": "string"}}},
              "TemplateDetail": {"type": "object", "properties": {"template": {"$ref": "#/components/schemas/Template"}, "findings": {"type": "array", "items": {"$ref": "#/components/schemas/LintFinding"}}}},
              "Flag": {"type": "object", "required": ["line", "reason"], "properties": {
                "session": {"type": "string"}, "line": {"type": "string"},
                "reason": {"type": "string", "enum": ["unsafe", "untrue", "offensive", "mispronounced", "other"]},
                "note": {"type": "string"}, "by": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}},
              "AuditEntry": {"type": "object", "properties": {"actor": {"type": "string"}, "action": {"type": "string", "enum": ["edit", "submit", "approve", "reject", "retire", "flag", "resolve", "render", "account"]}, "target": {"type": "string"}, "detail": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "hash": {"type": "string", "description": "SHA-256 of the previous entry's hash and this entry's fields"}}},
              "APIToken": {"type": "object", "properties": {"id": {"type": "string", "description": "The first 12 hex digits of the token's SHA-256"}, "created": {"type": "string", "format": "date-time"}}},
              "AuditChain": {"type": "object", "properties": {"entries": {"type": "integer"}, "intact": {"type": "boolean"}, "brokenAt": {"type": "integer", "description": "Position (1 = oldest) of the first entry whose hash does not follow"}, "head": {"type": "string"}}},
              "PendingScript": {"type": "object", "properties": {
                "id": {"type": "string"}, "listener": {"type": "string"}, "owner": {"type": "string"}, "created": {"type": "string", "format": "date-time"},
                "minutes": {"type": "number"}, "discovery": {"type": "number"}, "arc": {"type": "string"}, "seed": {"type": "integer"},
                "status": {"type": "string", "enum": ["pending", "approved", "rendered"]},
                "approvedBy": {"type": "string", "nullable": true}, "approvedDigest": {"type": "string", "nullable": true, "description": "SHA-256 of the approved script.json."},
                "session": {"type": "string", "nullable": true, "description": "The session rendered from it."}}},
              "ScriptDetail": {"type": "object", "properties": {"script": {"$ref": "#/components/schemas/PendingScript"}, "review": {"$ref": "#/components/schemas/ScriptReview"}, "openFlags": {"type": "integer"}}},
              "ScriptReview": {"type": "object", "properties": {"session": {"type": "string"}, "listener": {"type": "string"},
                "lines": {"type": "array", "items": {"type": "object", "properties": {
                  "id": {"type": "string"}, "templateID": {"type": "string"}, "text": {"type": "string"}, "originalText": {"type": "string"},
                  "verdict": {"type": "string"},
                  "findings": {"type": "array", "items": {"type": "object", "properties": {"rule": {"type": "string"}, "category": {"type": "string"}, "evidence": {"type": "string"}}}},
                  "facts": {"type": "array", "description": "The fact ledger: each slot's value and its source.", "items": {"type": "object", "properties": {"slot": {"type": "string"}, "value": {"type": "string"}, "source": {"type": "string"}}}},
                  "flags": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}}}}}}}
            }
          },
          "security": [{"bearer": []}, {"cookie": []}],
          "paths": {
            "/openapi.json": {"get": {"summary": "This document.", "security": [], "responses": {"200": {"description": "OpenAPI 3 JSON"}}}},
            "/api/me": {"get": {"summary": "The signed-in account.", "responses": {"200": {"description": "The account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}}, "401": {"$ref": "#/components/responses/Error"}}}},
            "/api/me/password": {"put": {"summary": "Change the signed-in account's password: the current one is checked under the sign-in attempt limit, and every other browser session is signed out.",
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["current", "new"], "properties": {"current": {"type": "string"}, "new": {"type": "string", "minLength": 8}, "confirm": {"type": "string"}}}}}},
              "responses": {"204": {"description": "Changed"}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}}}},
            "/api/me/tokens": {
              "get": {"summary": "The signed-in account's API tokens, by short id, newest first.", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/APIToken"}}}}}, "401": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Make an API token for the signed-in account; the token is in this answer only.", "responses": {"201": {"description": "The token", "content": {"application/json": {"schema": {"type": "object", "properties": {"token": {"type": "string"}, "id": {"type": "string"}}}}}}, "401": {"$ref": "#/components/responses/Error"}}}},
            "/api/me/tokens/{id}": {"delete": {"summary": "Revoke one of the signed-in account's API tokens.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"204": {"description": "Revoked"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/accounts": {
              "get": {"summary": "Every account (admin only).", "responses": {"200": {"description": "Accounts", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Me"}}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Add an account with a first password (admin only); audited.", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name", "role", "password"], "properties": {"name": {"type": "string"}, "role": {"type": "string", "enum": ["listener", "editor", "reviewer", "admin"]}, "listener": {"type": "string"}, "password": {"type": "string", "minLength": 8}}}}}},
                "responses": {"201": {"description": "The account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/accounts/{name}": {
              "patch": {"summary": "Change an account's role (admin only; never the last admin's); audited.", "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}], "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["role"], "properties": {"role": {"type": "string", "enum": ["listener", "editor", "reviewer", "admin"]}, "listener": {"type": "string"}}}}}},
                "responses": {"200": {"description": "The account", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Me"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}},
              "delete": {"summary": "Delete an account with its browser sessions and tokens (admin only; never the last admin); audited.", "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"204": {"description": "Deleted"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/listeners": {"get": {"summary": "The listeners this account may use.", "responses": {"200": {"description": "Listener ids", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}, "401": {"$ref": "#/components/responses/Error"}}}},
            "/api/listeners/{id}/lineup": {"get": {"summary": "The sequencer's lineup for a listener, with why each track.",
              "parameters": [{"$ref": "#/components/parameters/id"},
                {"name": "minutes", "in": "query", "schema": {"type": "number", "default": 10}},
                {"name": "discovery", "in": "query", "schema": {"type": "number", "default": 0.2}},
                {"name": "arc", "in": "query", "schema": {"type": "string", "enum": ["warmup", "peak", "steady", "cooldown"]}},
                {"name": "seed", "in": "query", "schema": {"type": "integer", "default": 7}}],
              "responses": {"200": {"description": "The lineup", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Lineup"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/sessions": {
              "get": {"summary": "Sessions, newest first (a listener account: its own).", "responses": {"200": {"description": "Sessions", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/SessionSummary"}}}}}, "401": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Start rendering a session; returns at once with the job.", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateSession"}}}},
                "responses": {"202": {"description": "The job, queued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
            "/api/jobs/{id}": {
              "get": {"summary": "A job's stage and progress.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}},
              "delete": {"summary": "Cancel a job (a running one stops at its next stage).", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/sessions/{id}": {"get": {"summary": "A session: its lineup with reasons and its script lines.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "The session", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionDetail"}}}}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/sessions/{id}/audio": {"get": {"summary": "The session's audio; supports one byte range.", "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "Range", "in": "header", "schema": {"type": "string", "example": "bytes=0-1023"}}],
              "responses": {"200": {"description": "The whole file", "content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}}}, "206": {"description": "The range asked for, with Content-Range", "content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}}}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "416": {"$ref": "#/components/responses/Error"}}}},
            "/api/sessions/{id}/captions.vtt": {"get": {"summary": "WebVTT captions of the spoken lines.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "WebVTT", "content": {"text/vtt": {"schema": {"type": "string"}}}}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/templates": {"get": {"summary": "Every commentary template with its status (editor or above).", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Template"}}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/templates/{id}": {
              "get": {"summary": "A template with its lint findings (line and column in its file).", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TemplateDetail"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}},
              "put": {"summary": "Save the template's file as a new draft revision; the signed-in account becomes its author.", "parameters": [{"$ref": "#/components/parameters/id"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}}}},
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TemplateDetail"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/templates/{id}/submit": {"post": {"summary": "Send the current revision to review.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Template"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/templates/{id}/approve": {"post": {"summary": "Approve the submitted revision: never by its author (403), lint must be clean (409).", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Template"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/templates/{id}/reject": {"post": {"summary": "Send a submitted or approved template back to draft, with the reason.", "parameters": [{"$ref": "#/components/parameters/id"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}}}}},
              "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Template"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/templates/{id}/retire": {"post": {"summary": "Retire a template for good, with a reason (editor or above); written to the approval log and the audit log, and the next job speaks without it.", "parameters": [{"$ref": "#/components/parameters/id"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}}}}},
              "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Template"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/templates/{id}/preview": {"get": {"summary": "The template rendered with sample facts, as text.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}, "text": {"type": "string"}}}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/review/sessions/{id}": {"get": {"summary": "A session's script with safety findings, fact ledger and flags (reviewer or above).", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScriptReview"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/review/sessions/{id}/flags": {"post": {"summary": "Flag a line of the session's script with a reason code and a note; written to the audit log.", "parameters": [{"$ref": "#/components/parameters/id"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["line", "reason"], "properties": {"line": {"type": "string"}, "reason": {"type": "string", "enum": ["unsafe", "untrue", "offensive", "mispronounced", "other"]}, "note": {"type": "string"}}}}}},
              "responses": {"201": {"description": "The flag", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flag"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/review/sessions/{id}/flags/resolve": {"post": {"summary": "Resolve the open flags on a line of the session's script; written to the audit log.", "parameters": [{"$ref": "#/components/parameters/id"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["line"], "properties": {"line": {"type": "string"}}}}}},
              "responses": {"200": {"description": "The script with its flags", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScriptReview"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/flags": {"get": {"summary": "Flagged lines, newest first (reviewer or above).", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/audit/chain": {"get": {"summary": "The audit log's hash chain replayed: intact, or where it first breaks (reviewer or above).", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditChain"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/audit": {"get": {"summary": "The audit log of edits, submits, approvals, rejections and flags, newest first (reviewer or above).", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}}},
            "/api/scripts": {
              "get": {"summary": "Scripts made for review before render, newest first (reviewer or above).", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/PendingScript"}}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}}},
              "post": {"summary": "Plan and script a session only (a script job); the script waits for approval before it is rendered.", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateSession"}}}},
                "responses": {"202": {"description": "The job; its script field names the script when done", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}}}},
            "/api/scripts/{id}": {"get": {"summary": "A script with its status, lines, safety findings, fact ledger and flags.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScriptDetail"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/scripts/{id}/flags": {"post": {"summary": "Flag a line of a script; written to the audit log. An open flag blocks approval.", "parameters": [{"$ref": "#/components/parameters/id"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["line", "reason"], "properties": {"line": {"type": "string"}, "reason": {"type": "string", "enum": ["unsafe", "untrue", "offensive", "mispronounced", "other"]}, "note": {"type": "string"}}}}}},
              "responses": {"201": {"description": "The flag", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flag"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/scripts/{id}/flags/resolve": {"post": {"summary": "Resolve the open flags on a line of a script; written to the audit log.", "parameters": [{"$ref": "#/components/parameters/id"}],
              "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["line"], "properties": {"line": {"type": "string"}}}}}},
              "responses": {"200": {"description": "The script", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScriptDetail"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/scripts/{id}/approve": {"post": {"summary": "Approve a pending script as stored now; written to the audit log with the approver. 409 while a flag is open or when not pending.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "The script", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PendingScript"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
            "/api/scripts/{id}/render": {"post": {"summary": "Voice and mix an approved script as stored (never re-scripted). 409 when not approved.", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"202": {"description": "The render job; its session field names the session when done", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}}}},
            "/api/impact": {"get": {"summary": "Impact of recent sessions (popularity mix, new-artist share, diversity, smooth transitions), oldest first: one listener's, or every listener's for staff asking none.",
              "parameters": [{"name": "listener", "in": "query", "schema": {"type": "string"}}],
              "responses": {"200": {"description": "The series", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImpactSeries"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}}
          }
        }
        """
}
