pub struct Request {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub retries: u8,
}

pub struct RequestBuilder(Request);

impl RequestBuilder {
    pub fn new(url: &str) -> Self {
        RequestBuilder(Request { url: url.into(), headers: vec![], retries: 0 })
    }
    pub fn header(mut self, key: &str, value: &str) -> Self {
        self.0.headers.push((key.into(), value.into()));
        self
    }
    pub fn retries(mut self, n: u8) -> Self {
        self.0.retries = n;
        self
    }
    pub fn build(self) -> Request { self.0 }
}

/// Builds an API request, adding an auth header only when a token is given.
pub fn api_request(path: &str, token: Option<&str>) -> Request {
    let mut builder = RequestBuilder::new(path).retries(3);
    if let Some(t) = token {
        builder = builder.header("Authorization", t);
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_header_is_optional() {
        let anon = api_request("/v1/ping", None);
        assert_eq!((anon.url.as_str(), anon.headers.len(), anon.retries), ("/v1/ping", 0, 3));
        let auth = api_request("/v1/me", Some("tok"));
        assert_eq!(auth.headers, vec![("Authorization".to_string(), "tok".to_string())]);
    }
}
