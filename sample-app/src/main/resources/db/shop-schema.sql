-- The shop's tables, created by their owner (the application's DataSource user).
-- The embedded database runs this on start; on a server of your own, run it once with psql -f.

CREATE TABLE product (
    sku   text PRIMARY KEY,
    name  text NOT NULL,
    price numeric(10, 2) NOT NULL
);

CREATE TABLE inventory (
    sku     text PRIMARY KEY REFERENCES product,
    on_hand integer NOT NULL CHECK (on_hand >= 0)
);

-- An update then carries the whole old row, not only the key: the stock listener logs before and after.
ALTER TABLE inventory REPLICA IDENTITY FULL;

CREATE TABLE orders (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer  text NOT NULL,
    status    text NOT NULL DEFAULT 'NEW',
    total     numeric(10, 2) NOT NULL,
    placed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_line (
    order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
    sku      text NOT NULL REFERENCES product,
    quantity integer NOT NULL CHECK (quantity > 0),
    price    numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, sku)
);

INSERT INTO product (sku, name, price) VALUES
    ('TEA-ASSAM', 'Assam tea, 250 g', 6.50),
    ('TEA-SENCHA', 'Sencha green tea, 100 g', 8.90),
    ('MUG-BLUE', 'Blue stoneware mug', 12.00),
    ('POT-GLASS', 'Glass teapot, 1 l', 24.50),
    ('STRAINER', 'Steel tea strainer', 4.20);

INSERT INTO inventory (sku, on_hand) SELECT sku, 50 FROM product;
