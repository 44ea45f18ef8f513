select 'x' || 1 || 1.5 || true || null::text, 1::text || '2', 'abc' < 'abd' collate "C", octet_length('é'), chr(233), ascii('é')
