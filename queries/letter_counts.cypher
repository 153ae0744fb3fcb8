// Counts the letters of campaign $campaign by state.
MATCH (l:Letter {campaign: $campaign})
RETURN l.state AS state, count(*) AS n
