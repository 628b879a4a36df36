using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Analysis;
using GradGen.Generator.Model;
using GradGen.Generator.Transforms;

namespace GradGen.Generator.Differentiation
{
    /// <summary>
    /// What every derivative of one method starts from, computed once and shared by all its generated members
    /// (the gradient, the pullback and the pushforward): the body with the calls whose derivative
    /// reuses their value given locals, which variables are active, which are written and how often, and which
    /// local arrays can be rented from the pool. Immutable once built: no mode changes it.
    /// </summary>
    internal sealed class MethodFacts
    {
        private MethodFacts(MethodModel model, Block body, Variable result, int nextVariableId, HashSet<int> active, HashSet<int> assigned,
            bool hasLoops, HashSet<int> poolable, IReadOnlyDictionary<int, int> assignmentCounts)
        {
            Model = model;
            Body = body;
            Result = result;
            NextVariableId = nextVariableId;
            Active = active;
            Assigned = assigned;
            HasLoops = hasLoops;
            Poolable = poolable;
            AssignmentCounts = assignmentCounts;
        }

        public MethodModel Model { get; }

        /// <summary>The method's body, with the calls whose derivative reuses their value given locals in loops.</summary>
        public Block Body { get; }

        /// <summary>The variable that holds the method's value in generated code.</summary>
        public Variable Result { get; }

        /// <summary>The first variable id no variable of <see cref="Body"/> or <see cref="Result"/> uses.</summary>
        public int NextVariableId { get; }

        /// <summary>Variables that are both varied (depend on a differentiable parameter) and useful (the result
        /// depends on them). Never changed.</summary>
        public HashSet<int> Active { get; }

        /// <summary>Variables the body writes. Never changed.</summary>
        public HashSet<int> Assigned { get; }

        public bool HasLoops { get; }

        /// <summary>Local arrays created with <c>new T[n]</c> that are only indexed, measured or viewed as spans: generated
        /// code rents them from the pool (zeroed, like a new array) so that a derivative allocates nothing. Never changed.</summary>
        public HashSet<int> Poolable { get; }

        /// <summary>How many statements of the body write each variable (declarations with a value included).</summary>
        public IReadOnlyDictionary<int, int> AssignmentCounts { get; }

        public static MethodFacts Of(MethodModel model)
        {
            int nextId = model.NextVariableId;
            var result = new Variable(nextId++, "_result", model.ReturnType, VariableKind.Synthetic);

            var independents = model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Variable).ToList();
            HashSet<int> varied = Activity.Varied(model.Body, independents);
            Block body = SelfReusingCalls.Split(model.Body, varied, ref nextId);
            if (!ReferenceEquals(body, model.Body)) varied = Activity.Varied(body, independents);
            HashSet<int> useful = Activity.Useful(body);
            var active = new HashSet<int>(varied.Where(useful.Contains));

            var assignmentCounts = new Dictionary<int, int>();
            foreach (Stmt s in IrWalker.Statements(body))
            {
                Variable? written = s switch
                {
                    Declare { Init: not null } d => d.Var,
                    Assign { Target: VarRef v } => v.Var,
                    _ => null,
                };
                if (written is not null)
                {
                    assignmentCounts.TryGetValue(written.Id, out int n);
                    assignmentCounts[written.Id] = n + 1;
                }
            }

            return new MethodFacts(model, body, result, nextId, active, IrWalker.Writes(body), IrWalker.Statements(body).Any(s => s is Loop),
                PoolableArrays(body), assignmentCounts);
        }

        /// <summary>
        /// The facts of a gradient's body (<paramref name="gradient"/>, built by reverse mode from <paramref name="facts"/>) seen as a
        /// method of its own, for forward mode to push tangents through it (forward-over-reverse): every variable that varies
        /// with the differentiable parameters is active (tapes that save varied values among them), and nothing is pooled (the
        /// body already rents what it rents).
        /// </summary>
        public static MethodFacts OfGradient(MethodFacts facts, Block gradient) => OfReverseBody(facts, gradient, Enumerable.Empty<Variable>());

        /// <summary>
        /// The facts of a pullback's body (<paramref name="pullback"/>, built by reverse mode from <paramref name="facts"/>) seen as a
        /// method of its own, as <see cref="OfGradient"/> sees a gradient's: the seed and the adjoints it adds into vary too, as the
        /// caller's direction moves them.
        /// </summary>
        public static MethodFacts OfPullback(MethodFacts facts, DerivativeBody pullback) =>
            OfReverseBody(facts, pullback.Body, new[] { pullback.Seed! }.Concat(pullback.Adjoints.Select(a => a.Adjoint)));

        private static MethodFacts OfReverseBody(MethodFacts facts, Block gradient, IEnumerable<Variable> alsoVaried)
        {
            var independents = facts.Model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Variable).Concat(alsoVaried).ToList();
            int nextId = System.Math.Max(facts.NextVariableId, System.Math.Max(MaxVariableId(gradient), independents.Select(v => v.Id).DefaultIfEmpty(-1).Max()) + 1);
            var result = new Variable(nextId++, "_result", facts.Model.ReturnType, VariableKind.Synthetic);
            HashSet<int> varied = Activity.Varied(gradient, independents, generated: true);
            return new MethodFacts(facts.Model, gradient, result, nextId, varied, IrWalker.Writes(gradient), IrWalker.Statements(gradient).Any(s => s is Loop),
                new HashSet<int>(), new Dictionary<int, int>());
        }

        private static int MaxVariableId(Block body)
        {
            int max = -1;
            var stack = new Stack<Expr>();
            foreach (Stmt s in IrWalker.Statements(body))
            {
                Variable? v = s switch
                {
                    Declare d => d.Var,
                    TapePush p => p.Tape,
                    TapeReserve r => r.Tape,
                    DisposeStmt d => d.Var,
                    CheckLength c => c.Adjoint,
                    _ => null,
                };
                if (v is not null) max = System.Math.Max(max, v.Id);
                foreach (Expr e in IrWalker.Expressions(s)) stack.Push(e);
            }

            while (stack.Count > 0)
            {
                Expr e = stack.Pop();
                Variable? v = e switch
                {
                    VarRef r => r.Var,
                    TapePop p => p.Tape,
                    RentBuffer b => b.Owner,
                    _ => null,
                };
                if (v is not null) max = System.Math.Max(max, v.Id);
                foreach (Expr child in IrWalker.Children(e)) stack.Push(child);
            }

            return max;
        }

        private static HashSet<int> PoolableArrays(Block body)
        {
            var candidates = new HashSet<int>();
            foreach (Stmt s in IrWalker.Statements(body))
            {
                if (s is Declare { Init: NewArray { IsStackalloc: false } } d) candidates.Add(d.Var.Id);
            }

            if (candidates.Count == 0) return candidates;
            foreach (Stmt s in IrWalker.Statements(body))
            {
                // An element write's target is an element access (the array only viewed), not a bare read.
                IEnumerable<Expr> expressions = s is Assign assign ? new[] { assign.Target, assign.Value } : IrWalker.Expressions(s);
                foreach (Expr e in expressions)
                {
                    RemoveEscaping(e, candidates, viewed: false);
                }
            }

            return candidates;
        }

        private static void RemoveEscaping(Expr e, HashSet<int> candidates, bool viewed)
        {
            switch (e)
            {
                case VarRef v:
                    if (!viewed) candidates.Remove(v.Var.Id);
                    return;
                case ElementAccess a:
                    RemoveEscaping(a.Sequence, candidates, viewed: true);
                    RemoveEscaping(a.Index, candidates, viewed: false);
                    return;
                case LengthOf l:
                    RemoveEscaping(l.Sequence, candidates, viewed: true);
                    return;
                case Cast c when c.Type.Shape is Shape.Span or Shape.ReadOnlySpan:
                    RemoveEscaping(c.Operand, candidates, viewed: true);
                    return;
                default:
                    foreach (Expr child in IrWalker.Children(e)) RemoveEscaping(child, candidates, viewed: false);
                    return;
            }
        }
    }
}
