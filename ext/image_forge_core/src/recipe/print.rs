//! The canonical string: ops in order (each prints itself), then `auto_orient` when off, then
//! the output settings in a fixed order, defaults left out.

use std::fmt;

use super::{output, Recipe};

impl fmt::Display for Recipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut steps: Vec<String> = self.ops.iter().map(ToString::to_string).collect();
        if !self.auto_orient {
            steps.push("auto_orient:false".into());
        }
        steps.extend(output::steps(&self.output));
        f.write_str(&steps.join(","))
    }
}

#[cfg(test)]
mod tests {
    use crate::Recipe;

    #[test]
    fn canonical_string_orders_output_settings_and_drops_defaults() {
        let r = Recipe::parse(
            "quality:80,resize_to_limit:720:,progressive:1,format:jpg,lossless:false,dpr:1",
        )
        .unwrap();
        assert_eq!(
            r.to_string(),
            "resize_to_limit:720:,format:jpeg,quality:80,progressive:true"
        );
        assert_eq!(Recipe::parse(&r.to_string()).unwrap(), r);
    }

    #[test]
    fn every_op_round_trips_through_its_canonical_string() {
        let text = "resize_to_fill:10:20:north-east,resize_to_cover:5:6,resize_and_pad:7:8:ffffff00:south,\
                    crop:1:2:3:4,rotate:45:ff0000,rotate:90,flip,flop,grayscale,blur:1.5,sharpen:0.5,\
                    modulate:1.2:0.8:90,trim:12,composite:00ff00ff00ff00ff:south-east:-10:5:0.5,\
                    composite:00ff00ff00ff00ff:north:0:0:1:dest-out,add_alpha,\
                    auto_orient:false,dpr:2,format:webp,quality:70,effort:6,lossless:true";
        let r = Recipe::parse(text).unwrap();
        assert_eq!(r.to_string(), text.replace(' ', ""));
        assert_eq!(r.ops.len(), 16);
    }

    #[test]
    fn optional_arguments_take_their_defaults() {
        let r = Recipe::parse(
            "resize_to_fill:10:20:centre,rotate:-90:000000,modulate:1.5,trim,\
             composite:00ff00ff00ff00ff,composite:00ff00ff00ff00ff::::0.5",
        )
        .unwrap();
        assert_eq!(
            r.to_string(),
            "resize_to_fill:10:20,rotate:270,modulate:1.5:1:0,trim:10,\
             composite:00ff00ff00ff00ff:north-west:0:0:1,composite:00ff00ff00ff00ff:north-west:0:0:0.5"
        );
    }

    #[test]
    fn empty_recipe_is_the_identity() {
        assert_eq!(Recipe::parse("").unwrap(), Recipe::default());
    }
}
