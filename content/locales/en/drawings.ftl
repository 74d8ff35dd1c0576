## The strokes' drawings: the strokes page, and the drawing beside each routine step.
strokes-title = Strokes, drawn
strokes-link = Every stroke, drawn
strokes-intro = Each drawing shows your baby seen from above. The faint line is the path your hands take, and the arrows show which way they go. The moving hand keeps the stroke's own slow pace.
drawing-alt = How the hands move: { $stroke }
drawing-see = See the drawing of every stroke
