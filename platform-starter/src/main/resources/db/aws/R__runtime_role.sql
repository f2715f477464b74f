-- Only on AWS (profile aws adds this location). Migrations run as the database's owner; the service itself signs in
-- as ${approle}, which may read and write the tables the migrations create and nothing else: no DDL, no TRUNCATE,
-- nothing of Flyway's history. Default privileges cover the tables later migrations create; this script runs again
-- whenever it changes.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${approle}') THEN
        CREATE ROLE "${approle}" LOGIN;
    END IF;
    -- on RDS the role signs in with an IAM token instead of a password
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN
        GRANT rds_iam TO "${approle}";
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO "${approle}";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${approle}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${approle}";
REVOKE ALL ON TABLE flyway_schema_history FROM "${approle}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${approle}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${approle}";
