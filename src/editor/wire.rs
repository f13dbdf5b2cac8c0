//! JSON bodies and query strings for the editor, with serde_json and percent-encoding (both
//! already dependencies), instead of turning on axum's `json` and `query` features.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON request body (which must say `Content-Type: application/json`), or a JSON response.
pub(crate) struct Json<T>(pub(crate) T);

fn bad(text: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": text }))).into_response()
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(bad("the request must be JSON".into()));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| (StatusCode::PAYLOAD_TOO_LARGE, e.body_text()).into_response())?;
        serde_json::from_slice(&bytes)
            .map(Json)
            .map_err(|e| bad(format!("the request could not be read: {e}")))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(b) => ([(header::CONTENT_TYPE, "application/json")], b).into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
}

/// A query string read into `T` (through a JSON object of its text values).
pub(crate) struct Query<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        let mut map = serde_json::Map::new();
        for pair in parts.uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8()
                    .map(|c| c.into_owned())
                    .map_err(|_| Box::new(bad("the address is not valid text".into())))
            };
            let (k, v) = match (decode(k), decode(v)) {
                (Ok(k), Ok(v)) => (k, v),
                (Err(e), _) | (_, Err(e)) => return Err(*e),
            };
            map.insert(k, serde_json::Value::String(v));
        }
        serde_json::from_value(serde_json::Value::Object(map))
            .map(Query)
            .map_err(|e| bad(format!("the address is missing something: {e}")))
    }
}
