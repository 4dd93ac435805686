-- offers: one row per version of an offer (offer.info's versions[], the stream offer_versions), oldest first,
-- with the offer's acceptance and offer status and what changed from the offer's previous version: the salary
-- (when the currency stayed the same), the start date, the approval status and the days between the versions.
--
-- The acceptance status belongs to the offer (Ashby decides an offer on its latest version), so every version of
-- an offer carries it; is_latest_version marks the version it was decided on (offers.latestVersion).
--
-- DuckDB SQL over the stream tables; analytics/README.md says what changes on other warehouses and in dbt.
-- streams: offer_versions, offers
with versions as (
    select
        offerId                                          as offer_id,
        id                                               as offer_version_id,
        createdAt                                        as created_at,
        startDate                                        as start_date,
        (salary ->> '$.value')::double                   as salary_value,
        salary ->> '$.currencyCode'                      as salary_currency,
        openingId                                        as opening_id,
        approvalStatus                                   as approval_status,
        author ->> '$.id'                                as author_id,
        row_number() over (partition by offerId order by createdAt, id) as version_number,
        count(*) over (partition by offerId)             as version_count
    from offer_versions
)

select
    versions.offer_id,
    versions.offer_version_id,
    versions.version_number,
    versions.version_count,
    coalesce(versions.offer_version_id = (offers.latestVersion ->> '$.id'), versions.version_number = versions.version_count) as is_latest_version,
    offers.applicationId                                 as application_id,
    offers.acceptanceStatus                              as acceptance_status,
    offers.offerStatus                                   as offer_status,
    -- Ashby documents decidedAt as a plain string (no format), so the table keeps it as text; parse it here.
    try_cast(offers.decidedAt as timestamptz)            as decided_at,
    versions.created_at,
    versions.start_date,
    versions.salary_value,
    versions.salary_currency,
    versions.opening_id,
    versions.approval_status,
    versions.author_id,
    previous.offer_version_id                            as previous_offer_version_id,
    case when previous.salary_currency = versions.salary_currency
        then versions.salary_value - previous.salary_value end as salary_change,
    case when previous.salary_currency = versions.salary_currency
        then (versions.salary_value - previous.salary_value) / nullif(previous.salary_value, 0) end as salary_change_ratio,
    case when previous.offer_version_id is not null
        then previous.salary_currency is distinct from versions.salary_currency end as currency_changed,
    (epoch(versions.start_date) - epoch(previous.start_date)) / 86400.0 as start_date_change_days,
    case when previous.offer_version_id is not null
        then previous.approval_status is distinct from versions.approval_status end as approval_status_changed,
    (epoch(versions.created_at) - epoch(previous.created_at)) / 86400.0 as days_since_previous_version
from versions
left join versions as previous
    on previous.offer_id = versions.offer_id
    and previous.version_number = versions.version_number - 1
left join offers on offers.id = versions.offer_id
