const D=require('better-sqlite3');const db=new D('/tmp/qp.db');
db.exec('DELETE FROM messages; DELETE FROM outbox_state');
const ins=db.prepare(`INSERT INTO messages (id,direction,channel_id,contact_id,run_id,node_id,from_addr,to_addr,text,status,created_at,updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
const st=db.prepare(`INSERT INTO outbox_state (message_id,next_attempt_at,attempts) VALUES (?,?,0)`);
const N=+process.argv[2]||45000;const future=+process.argv[3]||0;
db.transaction(()=>{for(let i=0;i<N;i++){ins.run('m'+i,'out','ch','c'+i,null,'n','1','2','hi','queued',i,i);st.run('m'+i,future?1e13:0);ins.run('i'+i,'in','ch','c'+i,null,'n','1','2','hi','handled',i,i);}})();
const due=(skip)=>`SELECT s2."message_id" FROM "outbox_state" s2 JOIN "messages" m2 ON m2."id" = s2."message_id" WHERE m2."direction" = 'out' AND m2."status" IN ('queued', 'deferred') AND s2."next_attempt_at" <= CAST(? AS BIGINT) AND (s2."lease_until" IS NULL OR s2."lease_until" < CAST(? AS BIGINT))${skip?` AND (m2."channel_id" IS NULL OR m2."channel_id" NOT IN ('ch'))`:''} AND (m2."contact_id" IS NULL OR NOT EXISTS (SELECT 1 FROM "messages" m3 WHERE m3."contact_id" = m2."contact_id" AND m3."direction" = 'out' AND m3."status" IN ('queued', 'sending') AND m3."created_at" <= m2."created_at" AND (m3."created_at" < m2."created_at" OR m3."id" < m2."id")))`;
for(const [name,sql] of [['claim LIMIT 500',due(false)+' ORDER BY m2."created_at", m2."id" LIMIT 500'],['look LIMIT 1',due(false)+' LIMIT 1'],['look LIMIT 1, channel skipped',due(true)+' LIMIT 1'],['claim, channel skipped',due(true)+' ORDER BY m2."created_at", m2."id" LIMIT 500']]){
 const q=db.prepare(sql);const t=process.hrtime.bigint();let r;for(let k=0;k<5;k++)r=q.all(Date.now(),Date.now());console.log(name.padEnd(32),(Number(process.hrtime.bigint()-t)/5e6).toFixed(1),'ms rows',r.length);
 console.log('   ',db.prepare('EXPLAIN QUERY PLAN '+sql).all(1,1).map(r=>r.detail).join(' | '));}
