/// A tile map stored row by row.
pub struct TileMap {
    pub width: u32,
    pub tiles: Vec<u8>,
}

impl TileMap {
    /// Tile at column `x`, row `y`, or None outside the map.
    pub fn tile(&self, x: u32, y: u32) -> Option<u8> {
        if x >= self.width {
            return None;
        }
        let idx = (y * self.width + x) as usize;
        self.tiles.get(idx).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_tiles() {
        let map = TileMap {
            width: 3,
            tiles: vec![1, 2, 3, 4, 5, 6],
        };
        assert_eq!(map.tile(0, 0), Some(1));
        assert_eq!(map.tile(2, 1), Some(6));
        assert_eq!(map.tile(3, 0), None);
        assert_eq!(map.tile(0, 2), None);
    }
}
