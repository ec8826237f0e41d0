const D=require('better-sqlite3');const db=new D('/tmp/qp.db');
db.exec('DELETE FROM messages');
const cols=db.prepare("select name from pragma_table_info('messages')").all().map(r=>r.name);console.log(cols.join(','));
const ins=db.prepare(`INSERT INTO messages (id,direction,channel_id,contact_id,run_id,node_id,from_addr,to_addr,text,status,created_at,updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
const N=+process.argv[2]||50000;
db.transaction(()=>{for(let i=0;i<N;i++){ins.run('m'+i,'out','ch','c'+i,null,'n','1','2','hi',i%10?'queued':'sent',i,i);ins.run('i'+i,'in','ch','c'+i,null,'n','1','2','hi','handled',i,i);}})();
const ids=Array.from({length:256},(_,k)=>'c'+Math.floor(Math.random()*N*2));
const q1=db.prepare(`SELECT DISTINCT "contact_id" FROM "messages" WHERE "direction"='out' AND "status" IN ('queued','sending') AND "contact_id" IN (${ids.map(()=>'?').join(',')})`);
const q2=db.prepare(`SELECT DISTINCT "contact_id" FROM "messages" INDEXED BY "IDX_messages_contact" WHERE "direction"='out' AND "status" IN ('queued','sending') AND "contact_id" IN (${ids.map(()=>'?').join(',')})`);
for(const [n,q] of [['default',q1],['contact idx',q2],['default',q1],['contact idx',q2]]){const t=process.hrtime.bigint();let r;for(let k=0;k<20;k++)r=q.all(ids);console.log(n,(Number(process.hrtime.bigint()-t)/20e6).toFixed(2),'ms',r.length);}
console.log(q1.raw? '' : '', db.prepare('EXPLAIN QUERY PLAN '+q1.source).all(ids).map(r=>r.detail));
