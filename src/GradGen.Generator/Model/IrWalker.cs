using System.Collections.Generic;

namespace GradGen.Generator.Model
{
    /// <summary>Traversals of the IR shared by the analyses.</summary>
    internal static class IrWalker
    {
        /// <summary>Every statement, depth first, in source order (blocks, branches, loop parts).</summary>
        public static IEnumerable<Stmt> Statements(Stmt root)
        {
            var stack = new Stack<Stmt>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                Stmt s = stack.Pop();
                yield return s;
                switch (s)
                {
                    case Block b:
                        for (int i = b.Statements.Count - 1; i >= 0; i--) stack.Push(b.Statements[i]);
                        break;
                    case If i:
                        stack.Push(i.Else);
                        stack.Push(i.Then);
                        break;
                    case Loop l:
                        stack.Push(l.Increment);
                        stack.Push(l.Body);
                        stack.Push(l.Initializer);
                        break;
                }
            }
        }

        /// <summary>The expressions a statement evaluates (assignment targets included, for their indices).</summary>
        public static IEnumerable<Expr> Expressions(Stmt s)
        {
            switch (s)
            {
                case Declare { Init: { } init }:
                    yield return init;
                    break;
                case Assign a:
                    if (a.Target is ElementAccess target)
                    {
                        yield return target.Sequence;
                        yield return target.Index;
                    }

                    yield return a.Value;
                    break;
                case If i:
                    yield return i.Condition;
                    break;
                case Loop { Condition: { } c }:
                    yield return c;
                    break;
                case Return { Value: { } v }:
                    yield return v;
                    break;
                case Evaluate e:
                    yield return e.Value;
                    break;
                case TapePush p:
                    yield return p.Value;
                    break;
                case TapeReserve r:
                    yield return r.Count;
                    break;
                case PullbackCall p:
                    yield return p.Call;
                    yield return p.Seed;
                    foreach (Expr a in p.Adjoints) yield return a;
                    break;
                case ReturnValues r:
                    foreach (Expr v in r.Values) yield return v;
                    break;
            }
        }

        /// <summary>The variable an assignment target writes: the variable itself, or the array of an element.</summary>
        public static Variable? RootVariable(Expr target) => target switch
        {
            VarRef v => v.Var,
            ElementAccess { Sequence: VarRef v } => v.Var,
            _ => null,
        };

        /// <summary>Every variable read anywhere in <paramref name="e"/>.</summary>
        public static List<Variable> Reads(Expr e)
        {
            var reads = new List<Variable>();
            AddReads(e, reads);
            return reads;
        }

        /// <summary>
        /// The variables whose values <paramref name="e"/> reads, not counting the length of an array or span
        /// (<c>a.Length</c>): the IR never reassigns a sequence variable, so writing its elements leaves its length as it
        /// was, and a loop bounded by it neither needs its elements kept nor stops being a counting loop.
        /// </summary>
        public static List<Variable> ContentReads(Expr e)
        {
            var reads = new List<Variable>();
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case LengthOf { Sequence: VarRef { Type.IsSequence: true } }:
                        break;
                    case VarRef v:
                        reads.Add(v.Var);
                        break;
                    case TapePop p:
                        reads.Add(p.Tape);
                        break;
                    case var x:
                        PushChildren(x, stack);
                        break;
                }
            }

            return reads;
        }

        /// <summary>Adds every variable read anywhere in <paramref name="e"/> to <paramref name="reads"/>.</summary>
        public static void AddReads(Expr e, List<Variable> reads) => VisitReads(e, reads, static (list, v) => list.Add(v));

        /// <summary>Adds the id of every variable read anywhere in <paramref name="e"/> to <paramref name="ids"/>.</summary>
        public static void AddReadIds(Expr e, HashSet<int> ids) => VisitReads(e, ids, static (set, v) => set.Add(v.Id));

        /// <summary>Calls <paramref name="visit"/> for every variable read anywhere in <paramref name="e"/>.</summary>
        private static void VisitReads<TState>(Expr e, TState state, System.Action<TState, Variable> visit)
        {
            // An explicit stack: generated sums can be thousands of terms deep.
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case VarRef v:
                        visit(state, v.Var);
                        break;
                    case TapePop p:
                        visit(state, p.Tape);
                        break;
                    case var x:
                        PushChildren(x, stack);
                        break;
                }
            }
        }

        /// <summary>Adds the variables read by the expressions of <paramref name="root"/> and of every
        /// statement nested in it (<see cref="Expressions"/> of each of <see cref="Statements"/>).</summary>
        public static void AddStatementReads(Stmt root, List<Variable> reads)
        {
            var statements = new Stack<Stmt>();
            statements.Push(root);
            while (statements.Count > 0)
            {
                switch (statements.Pop())
                {
                    case Block b:
                        for (int i = b.Statements.Count - 1; i >= 0; i--) statements.Push(b.Statements[i]);
                        break;
                    case If i:
                        AddReads(i.Condition, reads);
                        statements.Push(i.Else);
                        statements.Push(i.Then);
                        break;
                    case Loop l:
                        if (l.Condition is not null) AddReads(l.Condition, reads);
                        statements.Push(l.Increment);
                        statements.Push(l.Body);
                        statements.Push(l.Initializer);
                        break;
                    case var s:
                        foreach (Expr e in Expressions(s)) AddReads(e, reads);
                        break;
                }
            }
        }

        /// <summary>Whether <paramref name="e"/> reads <paramref name="variable"/>.</summary>
        public static bool ReadsVariable(Expr e, Variable variable)
        {
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case VarRef v when v.Var.Id == variable.Id:
                    case TapePop p when p.Tape.Id == variable.Id:
                        return true;
                    case VarRef or TapePop:
                        break;
                    case var x:
                        PushChildren(x, stack);
                        break;
                }
            }

            return false;
        }

        /// <summary>Pushes the direct sub-expressions of <paramref name="e"/> without allocating an enumerator.</summary>
        private static void PushChildren(Expr e, Stack<Expr> stack) => VisitChildren(e, stack, static (s, child) => s.Push(child));

        /// <summary>The direct sub-expressions of <paramref name="e"/>, in evaluation order.</summary>
        public static List<Expr> Children(Expr e)
        {
            var children = new List<Expr>();
            VisitChildren(e, children, static (list, child) => list.Add(child));
            return children;
        }

        /// <summary>The one list of what each kind of expression contains: calls <paramref name="visit"/> for each
        /// direct sub-expression of <paramref name="e"/>, in evaluation order.</summary>
        private static void VisitChildren<TState>(Expr e, TState state, System.Action<TState, Expr> visit)
        {
            switch (e)
            {
                case Unary u:
                    visit(state, u.Operand);
                    break;
                case Binary b:
                    visit(state, b.Left);
                    visit(state, b.Right);
                    break;
                case Call c:
                    for (int i = 0; i < c.Args.Count; i++) visit(state, c.Args[i]);
                    break;
                case Conditional c:
                    visit(state, c.Condition);
                    visit(state, c.WhenTrue);
                    visit(state, c.WhenFalse);
                    break;
                case Cast c:
                    visit(state, c.Operand);
                    break;
                case ElementAccess a:
                    visit(state, a.Sequence);
                    visit(state, a.Index);
                    break;
                case LengthOf l:
                    visit(state, l.Sequence);
                    break;
                case MemberRead m when m.Receiver is not null:
                    visit(state, m.Receiver);
                    break;
                case OpaqueCall c:
                    if (c.Receiver is not null) visit(state, c.Receiver);
                    for (int i = 0; i < c.Args.Count; i++) visit(state, c.Args[i]);
                    break;
                case DiffCall c:
                    if (c.Receiver is not null) visit(state, c.Receiver);
                    for (int i = 0; i < c.Args.Count; i++) visit(state, c.Args[i]);
                    break;
                case StopGradient s:
                    visit(state, s.Operand);
                    break;
                case NewArray n:
                    visit(state, n.Length);
                    if (n.Columns is not null) visit(state, n.Columns);
                    break;
                case RentBuffer r:
                    visit(state, r.Length);
                    break;
            }
        }

        /// <summary>Whether evaluating <paramref name="e"/> can have an effect besides its value (a call
        /// GradGen knows nothing about, a tape pop, an allocation). A call to a [Differentiable] method has
        /// none: such a method may not write outside its own locals.</summary>
        public static bool HasEffects(Expr e) => Contains(e, x => x is OpaqueCall { IsPure: false } or TapePop or NewArray or RentBuffer);

        /// <summary>Whether <paramref name="e"/> calls a [Differentiable] method (pure, but costly to repeat).</summary>
        public static bool HasDifferentiableCall(Expr e) => Contains(e, x => x is DiffCall);

        private static bool Contains(Expr e, System.Func<Expr, bool> predicate)
        {
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                Expr x = stack.Pop();
                if (predicate(x)) return true;
                PushChildren(x, stack);
            }

            return false;
        }

        /// <summary>Variables a statement (and everything nested in it) writes.</summary>
        public static HashSet<int> Writes(Stmt root)
        {
            var writes = new HashSet<int>();
            foreach (Stmt s in Statements(root))
            {
                switch (s)
                {
                    case Declare d:
                        writes.Add(d.Var.Id);
                        break;
                    case Assign a when RootVariable(a.Target) is { } v:
                        writes.Add(v.Id);
                        break;
                    case PullbackCall call:
                        if (call.Result is not null && RootVariable(call.Result) is { } r) writes.Add(r.Id);
                        foreach (Expr adjoint in call.Adjoints)
                        {
                            if (RootVariable(adjoint) is { } a) writes.Add(a.Id);
                        }

                        break;
                }
            }

            return writes;
        }
    }
}
