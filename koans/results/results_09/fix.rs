#[derive(Debug, PartialEq)]
pub enum FetchError {
    NotFound,
    Forbidden,
    Timeout { after_ms: u32 },
}

/// Maps the outcome of a fetch onto an HTTP-style status code.
pub fn status_code(outcome: &Result<String, FetchError>) -> u16 {
    match outcome {
        Ok(body) if body.is_empty() => 204,
        Ok(_) => 200,
        Err(FetchError::Forbidden) => 403,
        Err(FetchError::NotFound) => 404,
        Err(FetchError::Timeout { .. }) => 504,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(status_code(&Ok("hi".into())), 200);
        assert_eq!(status_code(&Ok(String::new())), 204);
        assert_eq!(status_code(&Err(FetchError::NotFound)), 404);
        assert_eq!(status_code(&Err(FetchError::Forbidden)), 403);
        assert_eq!(status_code(&Err(FetchError::Timeout { after_ms: 30 })), 504);
    }
}
