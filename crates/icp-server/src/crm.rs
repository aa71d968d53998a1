//! Leads as CRMs send them: a HubSpot CRM object or webhook payload, a Salesforce record, or
//! a plain JSON object, brought to one flat record whose fields carry the profile's column
//! names.
//!
//! Shapes recognised (read from the vendors' API references):
//! - HubSpot (CRM objects API v3): `{"id": "…", "properties": {"numberofemployees": "120",
//!   "industry": "…", "annualrevenue": "…"}, "createdAt": …}` — values are text; the legacy
//!   v1/v2 shape `{"properties": {"x": {"value": "…", "versions": […]}}}` is read by its
//!   `value`.
//! - Salesforce (REST API sObject): `{"attributes": {"type": "Lead", "url": "…"},
//!   "NumberOfEmployees": 120, "AnnualRevenue": 5000000, "Industry": "…", "Country": "…"}`;
//!   `attributes` and nested relationship objects are not fields.
//! - Anything else: the object's own fields.
//!
//! A field whose name is not one of the profile's columns is mapped when its name has a
//! column role (icp-io's `roles`, the same table `icp init` reads export headers with) and a
//! profile column has the same role. With the roles table that gives, for example:
//!
//! | role       | HubSpot property      | Salesforce field            | profile column e.g. |
//! |------------|-----------------------|-----------------------------|---------------------|
//! | employees  | `numberofemployees`   | `NumberOfEmployees`         | `employees`         |
//! | revenue    | `annualrevenue`       | `AnnualRevenue`             | `annual_revenue`    |
//! | industry   | `industry`            | `Industry`                  | `sector`            |
//! | country    | `country`             | `Country`                   | `country`           |
//! | lifecycle  | `lifecyclestage`, `hs_lead_status` | `Status`       | `lead_status`       |
//! | company    | `name`                | `Company`, `Name`           | `company`           |
//!
//! The answer says which fields were mapped to which column.

use std::collections::BTreeMap;

use icp_io::roles::{Role, role_for_header};
use serde_json::{Map, Value};

use crate::ApiError;

/// A lead brought to the profile's column names.
#[derive(Debug, Default)]
pub(crate) struct Lead {
    /// Its fields (a value is a string, number, boolean or null).
    pub fields: Map<String, Value>,
    /// Fields renamed to a profile column: CRM name → column.
    pub mapped: BTreeMap<String, String>,
}

/// Flattens `body` (one JSON object in any recognised shape) and maps its field names to
/// `columns` (the profile's) through their roles.
/// `roles` are the profile columns that have a role, with it.
pub(crate) fn lead(
    body: Value,
    columns: &[String],
    roles: &[(Role, String)],
) -> Result<Lead, ApiError> {
    let Value::Object(object) = body else {
        return Err(ApiError::invalid("the body must be one JSON object: the lead's fields"));
    };
    let fields = flatten(object)?;
    Ok(map(fields, columns, roles))
}

/// The record's own fields, whatever the shape.
fn flatten(mut object: Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    if let Some(Value::Object(properties)) = object.get("properties") {
        // HubSpot: the fields are the properties; a legacy property is `{"value": …}`.
        let mut out = Map::new();
        for (name, value) in properties {
            let value = match value {
                Value::Object(inner) => inner.get("value").cloned().unwrap_or(Value::Null),
                v => v.clone(),
            };
            out.insert(name.clone(), scalar(name, value)?);
        }
        return Ok(out);
    }
    if matches!(object.get("attributes"), Some(Value::Object(a)) if a.contains_key("type")) {
        // Salesforce: `attributes` describes the record, and related records are objects.
        object.remove("attributes");
        object.retain(|_, v| !v.is_object());
    }
    object.into_iter().map(|(name, value)| Ok((name.clone(), scalar(&name, value)?))).collect()
}

/// A field's value, when it is one a cell can hold.
fn scalar(name: &str, value: Value) -> Result<Value, ApiError> {
    match value {
        Value::Array(_) | Value::Object(_) => Err(ApiError::invalid(format!(
            "field `{name}` must be a string, a number, a boolean or null"
        ))),
        v => Ok(v),
    }
}

/// Renames fields that are not profile columns but share a profile column's role.
fn map(fields: Map<String, Value>, columns: &[String], roles: &[(Role, String)]) -> Lead {
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    let present = |column: &str| icp_engine::scoring::find_column(&names, column).is_some();
    // Profile columns the lead lacks, by role.
    let wanted: Vec<(Role, &String)> =
        roles.iter().filter(|(_, c)| !present(c)).map(|(r, c)| (*r, c)).collect();
    if wanted.is_empty() {
        return Lead { fields, mapped: BTreeMap::new() };
    }
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for name in &names {
        if columns.iter().any(|c| c.eq_ignore_ascii_case(name)) {
            continue;
        }
        let Some(role) = role_for_header(name) else { continue };
        if let Some((_, column)) = wanted.iter().find(|(r, _)| *r == role)
            && !renames.values().any(|c| c == *column)
        {
            renames.insert((*name).to_owned(), (*column).clone());
        }
    }
    let fields = fields
        .into_iter()
        .map(|(name, value)| match renames.get(&name) {
            Some(column) => (column.clone(), value),
            None => (name, value),
        })
        .collect();
    Lead { fields, mapped: renames }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn columns() -> Vec<String> {
        ["employees", "industry", "annual_revenue", "country"].map(String::from).to_vec()
    }

    fn read_lead(body: Value, columns: &[String]) -> Result<Lead, ApiError> {
        let roles: Vec<(Role, String)> =
            columns.iter().filter_map(|c| Some((role_for_header(c)?, c.clone()))).collect();
        super::lead(body, columns, &roles)
    }

    #[test]
    fn hubspot_objects_and_legacy_properties_map_by_role() {
        let v3 = json!({"id": "512", "properties": {"numberofemployees": "120",
            "industry": "COMPUTER_SOFTWARE", "annualrevenue": "5000000", "domain": "x.example"},
            "archived": false});
        let lead = read_lead(v3, &columns()).unwrap();
        assert_eq!(lead.fields["employees"], "120");
        assert_eq!(lead.fields["annual_revenue"], "5000000");
        assert_eq!(lead.fields["industry"], "COMPUTER_SOFTWARE");
        assert_eq!(lead.mapped.get("numberofemployees").map(String::as_str), Some("employees"));
        assert!(!lead.mapped.contains_key("industry"), "already the column's name");
        assert!(!lead.fields.contains_key("archived"));
        let legacy = json!({"companyId": 7, "properties": {"numberofemployees":
            {"value": "40", "timestamp": 1, "versions": [{"value": "40"}]}}});
        assert_eq!(read_lead(legacy, &columns()).unwrap().fields["employees"], "40");
    }

    #[test]
    fn salesforce_records_map_by_role_and_drop_attributes_and_relations() {
        let record = json!({"attributes": {"type": "Lead", "url": "/services/data/v59.0/sobjects/Lead/1"},
            "NumberOfEmployees": 120, "AnnualRevenue": 5000000.0, "Industry": "Technology",
            "Country": "Japan", "Owner": {"attributes": {"type": "User"}, "Name": "x"}});
        let lead = read_lead(record, &columns()).unwrap();
        assert_eq!(lead.fields["employees"], 120);
        assert_eq!(lead.fields["annual_revenue"], 5000000.0);
        // `Industry` matches `industry` as a file's header would (case aside): kept as is.
        assert_eq!(lead.fields["Industry"], "Technology");
        assert!(!lead.fields.contains_key("attributes") && !lead.fields.contains_key("Owner"));
        assert_eq!(lead.mapped.len(), 2, "{:?}", lead.mapped);
    }

    #[test]
    fn a_field_already_named_like_the_column_wins_and_nested_values_are_refused() {
        let both = json!({"employees": 10, "numberofemployees": 99});
        let lead = read_lead(both, &columns()).unwrap();
        assert_eq!(lead.fields["employees"], 10);
        assert!(lead.mapped.is_empty());
        assert!(read_lead(json!({"employees": [1]}), &columns()).is_err());
        assert!(read_lead(json!([1]), &columns()).is_err());
    }
}
