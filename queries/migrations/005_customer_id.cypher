// Lists walk customers in id order without touching employees.
CREATE INDEX customer_id IF NOT EXISTS FOR (c:Customer) ON (c.id)
