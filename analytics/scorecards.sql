-- scorecards: one row per answer of a submitted feedback form (an interview scorecard), labelled from the form
-- definition embedded in the same application_feedback row, i.e. the form as it was when the answer was given:
-- the field's section, title and type, and for a select field the label of the chosen option.
--
-- submittedValues holds the answers keyed by the field's path; formDefinition.sections[].fields[].field describes
-- each path. An answer whose path the form does not describe is kept, with empty labels.
--   answer        the answer as submitted (JSON: a string, number, boolean, {"score": n}, an array, ...)
--   answer_text   the chosen option's label, else the answer as text (a score's number for a score)
--   answer_number the score of a Score field or the value of a number answer
--
-- DuckDB SQL over the stream tables; analytics/README.md says what changes on other warehouses and in dbt.
-- streams: application_feedback, applications, application_history, interview_stages
with answers as (
    select
        feedback.id              as feedback_id,
        answer.key               as field_path,
        answer.value             as answer,
        answer.type              as answer_json_type
    from application_feedback as feedback,
        json_each(feedback.submittedValues) as answer
),

form_fields as (
    select
        feedback.id                                      as feedback_id,
        section.value ->> '$.title'                      as section_title,
        field.value ->> '$.field.path'                   as field_path,
        field.value ->> '$.field.title'                  as field_title,
        field.value ->> '$.field.type'                   as field_type,
        (field.value ->> '$.isRequired')::boolean        as is_required,
        field.value -> '$.field.selectableValues'        as selectable_values
    from application_feedback as feedback,
        json_each(feedback.formDefinition, '$.sections') as section,
        json_each(section.value, '$.fields') as field
),

options as (
    select
        form_fields.feedback_id,
        form_fields.field_path,
        option.value ->> '$.value'                       as option_value,
        option.value ->> '$.label'                       as option_label
    from form_fields,
        json_each(form_fields.selectable_values) as option
),

labelled as (
    select
        answers.*,
        form_fields.section_title,
        form_fields.field_title,
        form_fields.field_type,
        form_fields.is_required,
        case when answers.answer_json_type = 'OBJECT' then answers.answer ->> '$.score' end as score,
        case when answers.answer_json_type not in ('OBJECT', 'ARRAY') then answers.answer ->> '$' end as scalar_text
    from answers
    left join form_fields
        on form_fields.feedback_id = answers.feedback_id
        and form_fields.field_path = answers.field_path
)

select
    feedback.id                                          as feedback_id,
    feedback.applicationId                               as application_id,
    applications.job ->> '$.id'                          as job_id,
    feedback.interviewId                                 as interview_id,
    feedback.interviewEventId                            as interview_event_id,
    feedback.feedbackFormDefinitionId                    as feedback_form_definition_id,
    feedback.applicationHistoryId                        as application_history_id,
    history.stageId                                      as stage_id,
    coalesce(stages.title, history.title)                as stage_title,
    feedback.submittedAt                                 as submitted_at,
    feedback.submittedByUser ->> '$.id'                  as submitted_by_user_id,
    nullif(concat_ws(' ', feedback.submittedByUser ->> '$.firstName', feedback.submittedByUser ->> '$.lastName'), '') as submitted_by_name,
    labelled.section_title,
    labelled.field_path,
    labelled.field_title,
    labelled.field_type,
    labelled.is_required,
    labelled.answer,
    coalesce(options.option_label, labelled.score, labelled.scalar_text, labelled.answer::varchar) as answer_text,
    coalesce(try_cast(labelled.score as double),
        case when labelled.answer_json_type in ('BIGINT', 'UBIGINT', 'DOUBLE') then labelled.scalar_text::double end) as answer_number
from labelled
join application_feedback as feedback on feedback.id = labelled.feedback_id
left join options
    on options.feedback_id = labelled.feedback_id
    and options.field_path = labelled.field_path
    and options.option_value = labelled.scalar_text
left join applications on applications.id = feedback.applicationId
left join application_history as history on history.id = feedback.applicationHistoryId
left join interview_stages as stages on stages.id = history.stageId
