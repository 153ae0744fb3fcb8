// Lists walk employees in id order without touching customers.
CREATE INDEX employee_id IF NOT EXISTS FOR (e:Employee) ON (e.id)
