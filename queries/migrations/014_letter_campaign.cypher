// A campaign's letters are claimed, listed and counted by campaign.
CREATE INDEX letter_campaign IF NOT EXISTS FOR (l:Letter) ON (l.campaign, l.customer)
