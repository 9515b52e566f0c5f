#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Num(f64),
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
}

/// Splits an arithmetic expression into tokens; whitespace is skipped.
pub fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' | '\t' => {
                chars.next();
            }
            '0'..='9' | '.' => {
                let mut text = String::new();
                while let Some(d) = chars.next_if(|d| d.is_ascii_digit() || *d == '.') {
                    text.push(d);
                }
                let number = text.parse().map_err(|_| format!("bad number {text:?}"))?;
                tokens.push(Token::Num(number));
            }
            '+' | '-' | '*' | '/' | '(' | ')' => {
                tokens.push(match c {
                    '+' => Token::Plus,
                    '-' => Token::Minus,
                    '*' Token::Star,
                    '/' => Token::Slash,
                    '(' => Token::LParen,
                    _ => Token::RParen,
                });
                chars.next();
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Token::*;

    #[test]
    fn tokenizes_an_expression() {
        let tokens = tokenize("(1.5 + 2) * 30/ 4 - 1").unwrap();
        let expected = [
            LParen, Num(1.5), Plus, Num(2.0), RParen, Star, Num(30.0), Slash, Num(4.0), Minus, Num(1.0),
        ];
        assert_eq!(tokens, expected);
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(tokenize("2 ^ 3"), Err("unexpected character '^'".to_string()));
        assert_eq!(tokenize("1.2.3"), Err("bad number \"1.2.3\"".to_string()));
    }
}
