-- Change notifications for the per-process caches (decision 003): the audit trigger, which
-- every table has, now also notifies channel zhifa_change with the table's name.
CREATE OR REPLACE FUNCTION zhifa_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_actor text := current_setting('zhifa.actor', true);
  v_old jsonb;
  v_new jsonb;
  v_changed text[];
  v_row jsonb;
  v_agency text;
BEGIN
  IF v_actor IS NULL OR v_actor = '' THEN
    RAISE EXCEPTION 'zhifa: write to % without audit context', TG_TABLE_NAME USING ERRCODE = 'ZA001';
  END IF;
  -- Tell every server process which table changed (delivered at commit, once per table and
  -- transaction): caches of sessions and list pages are dropped on it (decision 003).
  PERFORM pg_notify('zhifa_change', TG_TABLE_NAME);
  IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD) - COALESCE(TG_ARGV, '{}'::text[]); END IF;
  IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW) - COALESCE(TG_ARGV, '{}'::text[]); END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(n.key ORDER BY n.key) INTO v_changed
      FROM jsonb_each(v_new) n
     WHERE n.value IS DISTINCT FROM v_old -> n.key AND n.key NOT IN ('updated_at', 'version');
    IF v_changed IS NULL THEN
      RETURN NEW;
    END IF;
  END IF;
  v_row := COALESCE(v_new, v_old);
  v_agency := CASE WHEN TG_TABLE_NAME = 'agencies' THEN v_row ->> 'id' ELSE v_row ->> 'agency_id' END;
  INSERT INTO audit_events (actor, actor_name, ip, request_id, action, table_name, row_id, op, agency_id, old_row, new_row, changed)
  VALUES (
    v_actor,
    COALESCE(current_setting('zhifa.actor_name', true), ''),
    COALESCE(current_setting('zhifa.ip', true), ''),
    COALESCE(current_setting('zhifa.request_id', true), ''),
    COALESCE(current_setting('zhifa.action', true), ''),
    TG_TABLE_NAME,
    v_row ->> 'id',
    TG_OP,
    CASE WHEN v_agency ~ '^[0-9a-f-]{36}$' THEN v_agency::uuid END,
    v_old,
    v_new,
    v_changed
  );
  RETURN COALESCE(NEW, OLD);
END
$$;
