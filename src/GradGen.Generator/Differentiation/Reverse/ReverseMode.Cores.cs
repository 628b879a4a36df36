using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;
using GradGen.Generator.Transforms;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.Differentiation.Reverse
{
    /// <summary>The adjoint statements ("cores") of each primal statement.</summary>
    internal sealed partial class ReverseMode
    {
        /// <summary>An amount to add to the adjoint of a variable (or of one element of an array).</summary>
        private readonly struct Contribution
        {
            public Contribution(Variable target, Expr? index, Expr value, Expr? guard = null, Expr? row = null)
            {
                Target = target;
                Index = index;
                Value = value;
                Guard = guard;
                Row = row;
            }

            public Variable Target { get; }

            public Expr? Index { get; }

            /// <summary>For an element of a jagged or two-dimensional array, its row: the element is <c>target[Row][Index]</c>
            /// (or <c>target[Row, Index]</c>).</summary>
            public Expr? Row { get; }

            public Expr Value { get; }

            /// <summary>For an element of an array, the branch conditions under which the primal read it: the
            /// index may be out of range when the branch was not taken.</summary>
            public Expr? Guard { get; }
        }

        private void ComputeCores(BlockNode root)
        {
            foreach (Node node in AllNodes(root))
            {
                if (node is StmtNode s)
                {
                    BuildCore(s);
                }
            }
        }

        private void BuildCore(StmtNode s)
        {
            s.WritesResult = _model.Vector is { } vector && s.Target is { } target && vector.Outputs.Any(o => o.Id == target.Id);
            switch (s.Statement)
            {
                case Declare { Init: DiffCall call } d when IsActiveVariable(d.Var):
                    CallCore(s, d.Var, call);
                    break;
                case Assign { Target: VarRef v, Value: DiffCall call } when IsActiveVariable(v.Var):
                    CallCore(s, v.Var, call);
                    break;
                case Declare { Init: { } init } d when d.Var.Type.IsSequence && IsActiveVariable(d.Var) && ViewedArray(init) is { } viewed:
                    // A second name for an array would get an adjoint of its own, which nothing adds into the array's.
                    throw new System.InvalidOperationException("Reverse mode found '" + d.Var.Name + "' naming the array '" + viewed.Name + "'.");
                case Assign { Target: VarRef view, Value: var value } when view.Type.IsSequence && IsActiveVariable(view.Var) && ViewedArray(value) is { } viewed:
                    throw new System.InvalidOperationException("Reverse mode found '" + view.Var.Name + "' naming the array '" + viewed.Name + "'.");
                case Declare { Init: { } init } d when IsActiveVariable(d.Var) && d.Var.Type.IsReal:
                    ScalarCore(s, d.Var, init);
                    break;
                case Assign { Target: VarRef v } a when IsActiveVariable(v.Var) && v.Type.IsReal:
                    ScalarCore(s, v.Var, a.Value);
                    break;
                case Assign { Target: ElementAccess { Sequence: VarRef array } element } a when IsActiveVariable(array.Var):
                    ElementCore(s, array.Var, element.Index, a.Value);
                    break;
                case Return { Value: { } value } when IsActive(value):
                    s.Core.AddRange(Accumulate(Contributions(value, _seed, new VarRef(_result), s.Core)));
                    break;
            }

            if (s.Statement is Assign { Target: ElementAccess index })
            {
                foreach (Variable v in IrWalker.ContentReads(index.Index)) s.ReadsBefore.Add(v.Id);
            }

            foreach (Variable v in PrimalReads(s.Core))
            {
                if (s.CoreBeforeRestore && s.Target is not null && v.Id == s.Target.Id)
                {
                    s.ReadsAfter.Add(v.Id);
                }
                else if (v.Id == _result.Id)
                {
                    s.ReadsAfter.Add(v.Id);
                }
                else
                {
                    s.ReadsBefore.Add(v.Id);
                }
            }
        }

        /// <summary>The array or span variable <paramref name="value"/> names as it is or converted (a span of an array).</summary>
        private static Variable? ViewedArray(Expr value) => value switch
        {
            VarRef { Type.IsSequence: true } v => v.Var,
            Cast { Operand: var operand } => ViewedArray(operand),
            _ => null,
        };

        /// <summary>The primal (not generated) variables that <paramref name="statements"/> read.</summary>
        private static List<Variable> PrimalReads(List<Stmt> statements)
        {
            var reads = new List<Variable>();
            foreach (Stmt statement in statements) IrWalker.AddStatementReads(statement, reads);
            reads.RemoveAll(v => v.Kind == VariableKind.Generated);
            return reads;
        }

        private void ScalarCore(StmtNode s, Variable v, Expr value)
        {
            Variable adjoint = AdjointOf(v);
            bool selfReference = IrWalker.ReadsVariable(value, v);
            List<Contribution> contributions = Contributions(value, new VarRef(adjoint), selfReference ? null : new VarRef(v), s.Core);

            var others = contributions.Where(c => !(c.Index is null && c.Target.Id == v.Id)).ToList();
            var own = contributions.Where(c => c.Index is null && c.Target.Id == v.Id).ToList();
            s.Core.AddRange(Accumulate(others));
            if (selfReference)
            {
                // v = f(v, ...): the adjoint of the old v is the part that flows through f.
                Expr scaled = own.Count == 0 ? Real(0, v.Type) : Simplifier.Simplify(Sum(own.Select(c => c.Value)));
                if (!scaled.Equals(new VarRef(adjoint)))
                {
                    s.Core.Add(new Assign(new VarRef(adjoint), scaled));
                }
            }
            else
            {
                s.Core.Add(new Assign(new VarRef(adjoint), Real(0, v.Type)));
                s.CoreBeforeRestore = PrimalReads(s.Core).Any(r => r.Id == v.Id);
            }
        }

        private void ElementCore(StmtNode s, Variable array, Expr index, Expr value)
        {
            Variable adjoint = ArrayAdjointOf(array);
            var cell = new ElementAccess(new VarRef(adjoint), AdjointIndex(index));
            bool selfReference = IrWalker.ReadsVariable(value, array);
            if (selfReference)
            {
                // a[i] = f(a[j], ...): read and clear the adjoint of the cell first, as j may equal i.
                Variable element = NewVariable(AdjointName(array.Name) + "Element", array.Type.Element);
                s.Core.Add(new Assign(new VarRef(element), cell));
                List<Contribution> contributions = Contributions(value, new VarRef(element), null, s.Core);

                // a[i] += e (a[i] = a[i] + e): the old a[i] passes the adjoint on unchanged, so clearing the cell and adding
                // it back (_d_a[i] = 0; _d_a[i] += element) is left out. Any other read of a adds into the cell as before.
                int kept = contributions.FindIndex(c => c.Target.Id == array.Id && c.Row is null && c.Guard is null && c.Index is { } read
                    && read.Equals(index) && c.Value.Equals(new VarRef(element)));
                if (kept >= 0)
                {
                    contributions.RemoveAt(kept);
                }
                else
                {
                    s.Core.Add(new Assign(cell, Real(0, array.Type.Element)));
                }

                s.Core.AddRange(Accumulate(contributions));
            }
            else
            {
                s.Core.AddRange(Accumulate(Contributions(value, cell, new ElementAccess(new VarRef(array), index), s.Core)));
                s.Core.Add(new Assign(cell, Real(0, array.Type.Element)));
                s.CoreBeforeRestore = PrimalReads(s.Core).Any(r => r.Id == array.Id);
            }
        }

        private void CallCore(StmtNode s, Variable v, DiffCall call)
        {
            Variable adjoint = AdjointOf(v);
            var adjointArguments = new List<Expr>();
            var after = new List<Stmt>();
            var temporaries = new List<Stmt>();
            var contributions = new List<Contribution>();
            for (int i = 0; i < call.Parameters.Count; i++)
            {
                CalleeParameter parameter = call.Parameters[i];
                if (!parameter.IsDifferentiable) continue;
                Expr argument = call.Args[i];
                if (parameter.Type.IsGrid)
                {
                    adjointArguments.Add(GridAdjointArgument(argument, parameter.Type, s.Core));
                }
                else if (parameter.Type.IsSequence)
                {
                    Variable? root = SequenceRoot(argument);
                    if (root is not null && IsActiveVariable(root))
                    {
                        adjointArguments.Add(new VarRef(ArrayAdjointOf(root)));
                    }
                    else if (argument is ElementAccess { Sequence: VarRef { Type.Shape: Shape.Jagged } rows, Index: var row } && IsActiveVariable(rows.Var))
                    {
                        // A row of a differentiable jagged array: its adjoint is the same row of the array's adjoint.
                        adjointArguments.Add(new ElementAccess(new VarRef(ArrayAdjointOf(rows.Var)), row));
                    }
                    else
                    {
                        // The callee wants somewhere to put a derivative nobody needs.
                        TypeRef elementType = parameter.Type.Element;
                        Variable buffer = NewVariable("_scratch", ScratchBufferType(elementType));
                        s.Core.Add(new Assign(new VarRef(buffer), new RentBuffer(buffer, new LengthOf(argument))));
                        adjointArguments.Add(new MemberRead(new VarRef(buffer), "Span", elementType.WithShape(Shape.Span)));
                        after.Add(new DisposeStmt(buffer));
                    }
                }
                else
                {
                    Variable temporary = NewVariable(AdjointName(parameter.Name), parameter.Type);
                    s.Core.Add(new Assign(new VarRef(temporary), Real(0, parameter.Type)));
                    adjointArguments.Add(new VarRef(temporary));
                    _adjointTemporaries.Clear();
                    Backprop(argument, new VarRef(temporary), contributions, null);
                    temporaries.AddRange(_adjointTemporaries);
                    _adjointTemporaries.Clear();
                }
            }

            s.Core.Add(new PullbackCall(call, CalleeProtocol.PullbackOf(call), new VarRef(adjoint), adjointArguments.ToEquatableArray()));
            s.Core.AddRange(temporaries); // they read the argument adjoints the pullback just filled
            s.Core.AddRange(Accumulate(contributions));
            s.Core.AddRange(after);
            s.Core.Add(new Assign(new VarRef(adjoint), Real(0, v.Type)));
        }

        private readonly List<Stmt> _adjointTemporaries = new();

        /// <summary>
        /// An adjoint passed down a deep expression grows with every level (a product of the partials on
        /// the way); past a few dozen nodes it is computed once into a local, so derivative code stays
        /// linear in the size of the expression instead of growing with a power of its depth.
        /// </summary>
        private Expr Bind(Expr adjoint)
        {
            const int MaxAdjointSize = 24;
            if (Size(adjoint, MaxAdjointSize + 1) <= MaxAdjointSize) return adjoint;
            Variable temporary = NewVariable("_d_t", adjoint.Type);
            _adjointTemporaries.Add(new Assign(new VarRef(temporary), Simplifier.Simplify(adjoint)));
            return new VarRef(temporary);
        }

        private static int Size(Expr e, int limit)
        {
            int size = 0;
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0 && size < limit)
            {
                size++;
                foreach (Expr child in IrWalker.Children(stack.Pop())) stack.Push(child);
            }

            return size;
        }

        /// <summary>Backprop, then the temporaries it bound, which the accumulations that follow read.</summary>
        private List<Contribution> Contributions(Expr e, Expr adjoint, Expr? self, List<Stmt> core)
        {
            _adjointTemporaries.Clear();
            var contributions = new List<Contribution>();
            Backprop(e, adjoint, contributions, self);
            core.AddRange(_adjointTemporaries);
            _adjointTemporaries.Clear();
            return contributions;
        }

        /// <summary>
        /// The adjoint to pass for a jagged or two-dimensional argument: the argument's own adjoint when it is a varied
        /// variable, else a new zeroed array of its shape (the callee adds into it; nobody reads it).
        /// </summary>
        private Expr GridAdjointArgument(Expr argument, TypeRef type, List<Stmt> core)
        {
            if (argument is VarRef root && IsActiveVariable(root.Var)) return new VarRef(ArrayAdjointOf(root.Var));
            Variable sink = NewVariable("_unused", type);
            core.AddRange(AllocateLike(sink, argument));
            return new VarRef(sink);
        }

        /// <summary>Statements that set <paramref name="target"/> to a new zeroed array shaped like <paramref name="like"/>.</summary>
        private List<Stmt> AllocateLike(Variable target, Expr like) => ShapedArrays.AllocateLike(target, like, NewVariable);

        private static Variable? SequenceRoot(Expr e) => e switch
        {
            VarRef v when v.Type.IsSequence => v.Var,
            Cast c => SequenceRoot(c.Operand),
            _ => null,
        };

        /// <summary>The adjoint of an array variable: the adjoint span or array of a parameter, or the
        /// buffer allocated beside a local array.</summary>
        private Variable ArrayAdjointOf(Variable array)
        {
            if (_adjoints.TryGetValue(array.Id, out Variable? existing)) return existing;
            Variable adjoint = NewVariable(AdjointName(array.Name), array.Type.WithShape(Shape.Span));
            _adjoints[array.Id] = adjoint;
            return adjoint;
        }

        /// <summary>An array may be indexed by a long; an adjoint span takes an int.</summary>
        private static Expr AdjointIndex(Expr index) =>
            index.Type.Scalar == ScalarKind.Int64 ? new Cast(index, TypeRef.Int32, IsImplicit: false) : index;

        private static Expr Sum(IEnumerable<Expr> values)
        {
            Expr? sum = null;
            foreach (Expr value in values)
            {
                sum = sum is null ? value : Add(sum, value);
            }

            return sum!;
        }

        /// <summary>
        /// One accumulation per adjoint, in order of first appearance, each simplified. The updates of array
        /// elements under a branch condition follow, one <c>if</c> per condition (and an <c>else</c> for its
        /// negation): they add to other cells than the unconditional ones read.
        /// </summary>
        private List<Stmt> Accumulate(List<Contribution> contributions)
        {
            var plain = new List<Stmt>();
            var guards = new List<Expr>();
            var guarded = new Dictionary<Expr, List<Stmt>>();
            foreach ((Expr? guard, Stmt update) in Accumulations(contributions))
            {
                if (guard is null)
                {
                    plain.Add(update);
                    continue;
                }

                if (!guarded.TryGetValue(guard, out List<Stmt>? updates))
                {
                    guarded[guard] = updates = new List<Stmt>();
                    guards.Add(guard);
                }

                updates.Add(update);
            }

            var done = new HashSet<Expr>();
            foreach (Expr guard in guards)
            {
                if (!done.Add(guard)) continue;
                Expr negation = Not(guard);
                Block otherwise = Block.Empty;
                if (guarded.TryGetValue(negation, out List<Stmt>? negated) && done.Add(negation)) otherwise = ToBlock(negated);
                plain.Add(new If(guard, ToBlock(guarded[guard]), otherwise));
            }

            return plain;
        }

        private IEnumerable<(Expr? Guard, Stmt Update)> Accumulations(List<Contribution> contributions)
        {
            var order = new List<(int, Expr?, Expr?, Expr?)>();
            var groups = new Dictionary<(int, Expr?, Expr?, Expr?), List<Contribution>>();
            foreach (Contribution c in contributions)
            {
                (int, Expr?, Expr?, Expr?) key = (c.Target.Id, c.Row, c.Index, c.Guard);
                if (!groups.TryGetValue(key, out List<Contribution>? group))
                {
                    group = new List<Contribution>();
                    groups[key] = group;
                    order.Add(key);
                }

                group.Add(c);
            }

            foreach ((int, Expr?, Expr?, Expr?) key in order)
            {
                List<Contribution> group = groups[key];
                Contribution first = group[0];
                Expr total = Simplifier.Simplify(Sum(group.Select(c => c.Value)));
                if (total is RealConst { Symbol: null } zero && zero.Value == 0) continue;
                Expr target = first.Index is null
                    ? new VarRef(AdjointOf(first.Target))
                    : first.Row is null
                        ? new ElementAccess(new VarRef(ArrayAdjointOf(first.Target)), AdjointIndex(first.Index))
                        : new ElementAccess(new ElementAccess(new VarRef(ArrayAdjointOf(first.Target)), first.Row), first.Index);
                yield return (first.Guard, new Assign(target, Add(target, As(total, target.Type))));
            }
        }

        /// <summary>
        /// The adjoint code of one branch of <c>c ? a : b</c> runs only where the primal took that branch: its
        /// partials may be infinite or undefined elsewhere (<c>x &lt; 10 ? x : Math.Exp(1000 * x)</c>), and its
        /// indices out of range (<c>i == 0 ? a[i] : b[i - 1]</c>). Every amount it adds is the conditional of
        /// the whole product, never a zero times a partial; so are the temporaries it binds; an array
        /// element is updated under the branch's condition.
        /// </summary>
        private void BackpropBranch(Expr branch, Expr condition, bool taken, Expr adjoint, List<Contribution> into)
        {
            Expr Only(Expr value)
            {
                Expr zero = Real(0, value.Type);
                return taken ? Select(condition, value, zero) : Select(condition, zero, value);
            }

            int temporaries = _adjointTemporaries.Count;
            var inner = new List<Contribution>();
            Backprop(branch, adjoint, inner, null);
            for (int i = temporaries; i < _adjointTemporaries.Count; i++)
            {
                var bound = (Assign)_adjointTemporaries[i];
                _adjointTemporaries[i] = new Assign(bound.Target, Only(bound.Value));
            }

            Expr when = taken ? condition : Not(condition);
            foreach (Contribution c in inner)
            {
                into.Add(c.Index is null
                    ? new Contribution(c.Target, null, Only(c.Value))
                    : new Contribution(c.Target, c.Index, c.Value, c.Guard is null ? when : new Binary(BinaryOp.AndAlso, when, c.Guard, TypeRef.Boolean), c.Row));
            }
        }

        /// <summary>
        /// Propagates <paramref name="adjoint"/> (the adjoint of the value of <paramref name="e"/>) to the
        /// variables <paramref name="e"/> reads. <paramref name="self"/>, when given, holds the value of
        /// <paramref name="e"/> itself (a derivative such as exp' = exp reads it instead of recomputing).
        /// </summary>
        private void Backprop(Expr e, Expr adjoint, List<Contribution> into, Expr? self)
        {
            if (!IsActive(e)) return;
            switch (e)
            {
                case VarRef v:
                    into.Add(new Contribution(v.Var, null, adjoint));
                    return;
                case ElementAccess { Sequence: ElementAccess { Sequence: VarRef grid, Index: var row } } a when grid.Type.IsGrid:
                    // An element of a jagged or two-dimensional array: x[row][index] or x[row, index].
                    into.Add(new Contribution(grid.Var, a.Index, adjoint, row: row));
                    return;
                case ElementAccess a when SequenceRoot(a.Sequence) is { } array:
                    into.Add(new Contribution(array, a.Index, adjoint));
                    return;
                case Unary or Binary or Cast when OperatorRules.Of(e, self) is { } operands:
                    // The operators' partials are the rules layer's; a product is bound when it grows large.
                    foreach (OperandDerivative operand in operands)
                    {
                        Expr share = operand.Scale(adjoint, operand.Operand.Type);
                        Backprop(operand.Operand, operand.IsUnit ? share : Bind(share), into, null);
                    }

                    return;
                case Model.Call c:
                    for (int k = 0; k < c.Args.Count; k++)
                    {
                        if (!IsActive(c.Args[k])) continue;
                        Expr? partial = DerivativeRules.Partial(c.Function, c, k, self ?? c);
                        if (partial is null) continue;
                        if (partial is Conditional { WhenTrue: RealConst whenTrue, WhenFalse: RealConst whenFalse } selection
                            && (whenTrue.Value == 0) != (whenFalse.Value == 0))
                        {
                            // Max and Min: the argument not selected gets nothing, and none of its reverse code runs
                            // (Math.Min(x, Math.Exp(1000 * x)) must not meet 0 * inf).
                            bool taken = whenFalse.Value == 0;
                            RealConst factor = taken ? whenTrue : whenFalse;
                            BackpropBranch(c.Args[k], selection.Condition, taken, factor.Value == 1 ? adjoint : Bind(Mul(adjoint, factor)), into);
                            continue;
                        }

                        if (DerivativeRules.PartialCanBeInfinite(c.Function, c, k) && adjoint is not RealConst)
                        {
                            // A zero adjoint stays zero, even where the partial is infinite.
                            Expr a = Bind(adjoint);
                            Backprop(c.Args[k], Bind(Select(Equal(a, Real(0, a.Type)), Real(0, a.Type), Mul(a, partial))), into, null);
                        }
                        else
                        {
                            Backprop(c.Args[k], Bind(Mul(adjoint, partial)), into, null);
                        }
                    }

                    return;
                case Conditional c:
                    BackpropBranch(c.WhenTrue, c.Condition, taken: true, adjoint, into);
                    BackpropBranch(c.WhenFalse, c.Condition, taken: false, adjoint, into);
                    return;
            }
        }
    }
}
