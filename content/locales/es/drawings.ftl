## Los dibujos de los movimientos: la página de movimientos y el dibujo junto a cada paso.
strokes-title = Los movimientos, dibujados
strokes-link = Todos los movimientos, dibujados
strokes-intro = Cada dibujo muestra a tu bebé visto desde arriba. La línea suave es el camino que siguen tus manos, y las flechas indican hacia dónde van. La mano que se mueve lleva el ritmo lento del propio movimiento.
drawing-alt = Cómo se mueven las manos: { $stroke }
drawing-see = Ver el dibujo de cada movimiento
