exec(open("/tmp/smoke/run.py").read().split("from checks.cli")[0])
import sympy as sp, numpy as np, time
from checks import *
from checks.twins import with_limit_value
from checks.report import failure_message
def build(n):
    a = Var("a", Kind.REAL); b = Var("b", Kind.REAL); lam = Var("lam", Kind.POSITIVE)
    A,B,L = a.sym,b.sym,lam.sym
    f = sp.log(sp.exp(L*A)+sp.exp(L*B))/L
    M = sp.Max(A,B)
    def refn(p):
        l=float(p["lam"]); v=np.array([float(p["a"]),float(p["b"])])*l; m=v.max(); return (m+np.log(np.exp(v-m).sum()))/l
    return Proof(variables=(a,b,lam), start=f,
      steps=(Step(sp.log(sp.exp(L*M))/L, "exp(λa) + exp(λb) > exp(λ max)", rel=">"), Step(M, "log exp", rel="=")),
      reference=refn,
      limit=Limit(L, sp.oo, M, upper_steps=(Step(sp.log(2*sp.exp(L*M))/L, "each term ≤ exp(λ max)", rel="<="), Step(M + sp.log(2)/L, "log of a product", rel="="))))
d = Derivation("rsm", "E09", "t", "s", ClaimKind.LIMIT, "lim", build, dims=())
t=time.time(); r=d.verify(); print(time.time()-t, r.verdict); 
for s in r.steps: print(s)
print(r.notes)
tw = with_limit_value(d, lambda p: p.variables[1].sym)
r=tw.verify(); print(failure_message(r))
