using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Analysis;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;
using GradGen.Generator.Transforms;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.Differentiation.Forward
{
    /// <summary>
    /// Forward mode (tangent mode, in the manner of Clad's forward-mode visitor): one pass over the structured IR, in the
    /// method's own order, that carries beside every active value its tangent, the derivative along the direction the
    /// caller gives. A statement <c>v = e</c> becomes <c>vTangent = T(e); v = e</c> (or the other way round when
    /// <c>e</c> does not read <c>v</c>, so that <c>T(e)</c> can read <c>e</c>'s value from <c>v</c>), where <c>T(e)</c>
    /// sums each operand's tangent times the operand's partial, taken from the rules layer
    /// (<see cref="OperatorRules"/>, <see cref="DerivativeRules"/>): the same partials reverse mode uses, so kinks take
    /// the same side. Branches, loops and early returns (already structured) stay as they are; each local array gets a
    /// tangent buffer beside it (stackalloc'd like it, or rented); a call to a differentiable method goes through the
    /// callee's pushforward. Nothing is saved and nothing runs backwards: the pushforward costs about one run of the method.
    /// <para>
    /// Infinite partials get the care reverse mode gives them: a zero tangent is never multiplied by an infinite partial
    /// (<c>√x</c> at 0 along a direction that does not move <c>x</c>), and a tangent that may be infinite because of such a
    /// function in this method is never multiplied by a zero partial (<c>x * √x</c> at 0 has tangent 0, as its gradient is).
    /// </para>
    /// </summary>
    internal sealed class ForwardMode
    {
        /// <summary>Tangent expressions larger than this are computed into a local first (outside conditionals), so that
        /// derivative code stays about linear in the size of the expression.</summary>
        private const int MaxTangentSize = 24;

        private readonly MethodModel _model;
        private readonly Block _body;
        private readonly HashSet<int> _active;
        private readonly HashSet<int> _poolable;
        private readonly Variable _result;
        private readonly Variable _resultTangent;
        private readonly Dictionary<int, Variable> _tangents = new();
        private readonly Dictionary<int, Variable> _pooled = new();
        private readonly List<Variable> _disposables = new();
        private readonly HashSet<int> _mayBeInfinite;
        private int _nextId;

        /// <summary>Forward-over-reverse: the body is a gradient (reverse mode's output) and this pass pushes a direction through
        /// it, so that its tangents are the Hessian times that direction. Null for an ordinary pushforward.</summary>
        private readonly DerivativeBody? _gradient;

        /// <summary>Forward-over-reverse through a callee: the body is a pullback, whose seed and adjoints (parameters) get tangent
        /// parameters of their own; it returns the value and its tangent as a pushforward does. Null otherwise.</summary>
        private readonly DerivativeBody? _pullback;

        private Variable? _seedTangent;

        private readonly List<Variable> _adjointTangents = new();

        /// <summary>Forward-over-reverse: beside each tape that saves varied values, a tape of their tangents, pushed and
        /// popped in step with it (together, a tape of dual numbers).</summary>
        private readonly Dictionary<int, Variable> _tangentTapes = new();

        /// <summary>Forward-over-reverse: the lengths that the gradient's rented buffers were rented with, by owner.</summary>
        private readonly Dictionary<int, Expr> _rentedLengths = new();

        /// <summary>Forward-over-reverse: the tangents of the gradient's values, which the Hessian-vector product returns.</summary>
        private ReturnValues? _hessianVectorProduct;

        /// <summary>How many conditional expressions the tangent being built is inside: no local may be computed there, as
        /// only one branch's code may run.</summary>
        private int _conditionalDepth;

        private ForwardMode(MethodFacts facts, DerivativeBody? gradient = null, DerivativeBody? pullback = null)
        {
            _gradient = gradient;
            _pullback = pullback;
            _model = facts.Model;
            _body = facts.Body;
            _active = facts.Active;
            _poolable = facts.Poolable;
            _result = facts.Result;
            _nextId = facts.NextVariableId;
            _resultTangent = NewVariable(TangentName(_result.Name), _result.Type);
            _tangents[_result.Id] = _resultTangent;
            _mayBeInfinite = InfiniteTangents();
        }

        /// <summary>The body of <c>FPushforward</c>, from the facts the method's members share; <see cref="DerivativeBody.Adjoints"/>
        /// holds the tangent parameters.</summary>
        public static DerivativeBody Differentiate(MethodFacts facts) => new ForwardMode(facts).Build();

        /// <summary>
        /// Forward-over-reverse: the body of <c>FHessianVectorProduct</c>, forward mode pushed through <paramref name="gradient"/>
        /// (the body of <c>FGradient</c>), whose facts <paramref name="facts"/> are (<see cref="MethodFacts.OfGradient"/>). Every
        /// statement of the gradient gets its tangent by the same rules as a pushforward's; its tapes carry dual values
        /// (a tape of tangents beside each one that saves varied values); the gradient it returns becomes its tangent,
        /// H·v, with new arrays for array parameters. <see cref="DerivativeBody.Adjoints"/> holds the direction's parameters.
        /// </summary>
        public static DerivativeBody DifferentiateGradient(MethodFacts facts, DerivativeBody gradient) => new ForwardMode(facts, gradient).Build();

        /// <summary>
        /// Forward-over-reverse through a call: the body of a callee's <c>FPullbackPushforward</c>, forward mode pushed through
        /// <paramref name="pullback"/> (the body of its <c>FPullback</c>), whose facts <paramref name="facts"/> are
        /// (<see cref="MethodFacts.OfPullback"/>): the parameters, the seed and the adjoints it adds into each have a tangent; it
        /// adds the tangents of what the pullback adds into the adjoints' tangents, and returns the value and its tangent.
        /// </summary>
        public static PullbackPushforwardBody DifferentiatePullback(MethodFacts facts, DerivativeBody pullback)
        {
            var mode = new ForwardMode(facts, pullback: pullback);
            DerivativeBody body = mode.Build();
            return new PullbackPushforwardBody(body.Body, pullback, body.Adjoints, mode._seedTangent!, mode._adjointTangents);
        }

        /// <summary>Forward mode pushed through a gradient or a pullback: the statements only generated code holds get tangents too.</summary>
        private bool OverReverseMode => _gradient is not null || _pullback is not null;

        private DerivativeBody Build()
        {
            var body = new List<Stmt>();
            var tangents = new List<(ParameterModel, Variable)>();
            foreach (ParameterModel p in _model.Parameters)
            {
                if (!p.IsDifferentiable) continue;
                var tangent = new Variable(_nextId++, p.Name + "Tangent", GeneratedMembers.TangentType(p.Type), VariableKind.Generated);
                _tangents[p.Variable.Id] = tangent;
                tangents.Add((p, tangent));
                if (!p.Type.IsScalar)
                {
                    Variable? row = p.Type.Shape == Shape.Jagged
                        ? NewVariable("_row" + tangent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TypeRef.Int32)
                        : null;
                    body.Add(new CheckLength(tangent, p.Variable, IsTangent: true, Row: row));
                }
            }

            if (_pullback is not null)
            {
                // The pullback's seed and adjoints are parameters: so are their tangents (an adjoint's by reference, as it is).
                _seedTangent = NewVariable(TangentName(_pullback.Seed!.Name), _pullback.Seed.Type);
                _tangents[_pullback.Seed.Id] = _seedTangent;
                foreach ((_, Variable adjoint) in _pullback.Adjoints)
                {
                    Variable tangent = NewVariable(TangentName(adjoint.Name), adjoint.Type);
                    _tangents[adjoint.Id] = tangent;
                    _adjointTangents.Add(tangent);
                }
            }

            if (_gradient is not null)
            {
                // The gradient's arrays are returned: their tangents are new arrays of the parameters' lengths.
                foreach ((ParameterModel p, Variable adjoint) in _gradient.Adjoints)
                {
                    if (p.Type.IsScalar) continue;
                    Variable product = NewVariable("_hv_" + p.Name, GeneratedMembers.GradientType(p.Type));
                    if (p.Type.IsGrid) body.AddRange(ShapedArrays.AllocateLike(product, new VarRef(p.Variable), NewVariable));
                    else body.Add(new Assign(new VarRef(product), new NewArray(product.Type, new LengthOf(new VarRef(p.Variable)), IsStackalloc: false)));
                    _tangents[adjoint.Id] = product;
                }
            }

            body.AddRange(Statements(_body));
            foreach (Variable disposable in _disposables) body.Add(new DisposeStmt(disposable));
            if (_gradient is not null)
            {
                body.Add(_hessianVectorProduct ?? throw new InvalidOperationException("The gradient pushed forward returned nothing."));
            }
            else if (_model.Vector is { } vector)
            {
                // The value and the tangent, each a tuple of the result's elements (an element that does not vary has tangent 0).
                var values = vector.Outputs.Select(o => (Expr)new VarRef(o)).ToList();
                values.AddRange(vector.Outputs.Select(o => IsActiveVariable(o) ? new VarRef(TangentOf(o)) : (Expr)Real(0, o.Type)));
                body.Add(new ReturnValues(values.ToEquatableArray(), vector.Count));
            }
            else
            {
                body.Add(new ReturnValues(EquatableArray.Create<Expr>(new VarRef(_result), new VarRef(_resultTangent))));
            }

            Block complete = new(body.ToEquatableArray());
            if (_pooled.Count > 0)
            {
                // A rented array is seen through a span, which (unlike an array) takes only an int index.
                complete = (Block)IrRewriter.Rewrite(complete, e => e switch
                {
                    VarRef v when _pooled.TryGetValue(v.Var.Id, out Variable? view) => new VarRef(view),
                    ElementAccess { Sequence: VarRef s } a when s.Var.Type.Shape == Shape.Span => a with { Index = SpanIndex(a.Index) },
                    _ => null,
                });
            }

            // A pullback's adjoints and their tangents are the caller's: what is added into them is observed.
            var observable = new HashSet<int>();
            if (_pullback is not null)
            {
                foreach ((_, Variable adjoint) in _pullback.Adjoints) observable.Add(adjoint.Id);
                foreach (Variable tangent in _adjointTangents) observable.Add(tangent.Id);
            }

            Block optimized = Optimizer.Optimize(complete, observable, ref _nextId);
            if (_gradient is not null) optimized = WithoutUnusedGradientArrays(optimized);
            return new DerivativeBody(optimized, null, tangents);
        }

        /// <summary>Forward-over-reverse: the gradient's own arrays, whose tangents are returned instead, are often written by
        /// nothing that survives optimization; their allocations (an effect the optimizer keeps) go too.</summary>
        private Block WithoutUnusedGradientArrays(Block body)
        {
            var kept = new List<Stmt>();
            foreach (Stmt s in body.Statements)
            {
                if (s is Assign { Target: VarRef array, Value: NewArray } && _gradient!.Adjoints.Any(a => a.Adjoint.Id == array.Var.Id)
                    && !body.Statements.Any(other => !ReferenceEquals(other, s) && IrWalker.Statements(other).Any(x => IrWalker.Expressions(x).Any(e => IrWalker.ReadsVariable(e, array.Var)))))
                {
                    continue;
                }

                kept.Add(s);
            }

            return kept.Count == body.Statements.Count ? body : new Block(kept.ToEquatableArray());
        }

        // ------------------------------------------------------------------ variables

        private Variable NewVariable(string name, TypeRef type) => new(_nextId++, name, type, VariableKind.Generated);

        /// <summary>The preferred name of the tangent of <paramref name="name"/>: <c>xTangent</c>, as the parameters' are named.</summary>
        private static string TangentName(string name) => name + "Tangent";

        /// <summary>The tangent of a real scalar variable, made on first use.</summary>
        private Variable TangentOf(Variable v)
        {
            if (_tangents.TryGetValue(v.Id, out Variable? existing)) return existing;
            Variable tangent = NewVariable(TangentName(v.Name), v.Type);
            _tangents[v.Id] = tangent;
            return tangent;
        }

        /// <summary>The tangent of an array, span or grid: the parameter's, or the buffer made beside a local array.</summary>
        private Variable SequenceTangentOf(Variable v) =>
            _tangents.TryGetValue(v.Id, out Variable? existing)
                ? existing
                : throw new InvalidOperationException("Forward mode found no tangent for the array '" + v.Name + "'.");

        private bool IsActiveVariable(Variable v) => _active.Contains(v.Id) && (v.Type.IsReal || v.Type.IsRealSequence || v.Type.IsRealGrid);

        private bool IsActive(Expr e) => Activity.IsVaried(e, _active);

        private static Variable? SequenceRoot(Expr e) => e switch
        {
            VarRef v when v.Type.IsSequence => v.Var,
            Cast c => SequenceRoot(c.Operand),
            _ => null,
        };

        /// <summary>An array may be indexed by a long; a span takes an int.</summary>
        private static Expr SpanIndex(Expr index) =>
            index.Type.Scalar == ScalarKind.Int64 ? new Cast(index, TypeRef.Int32, IsImplicit: false) : index;

        // ------------------------------------------------------------------ infinite tangents

        /// <summary>
        /// The variables whose tangent may be infinite where the value is finite (flow-insensitive, to a fixed point): those
        /// computed through a function whose partial can be infinite (√x at 0), or by a differentiable callee whose own
        /// code holds one, and everything computed from them. Multiplying such a tangent by a partial that is zero
        /// gives zero, as the gradient does, never 0·∞.
        /// </summary>
        private HashSet<int> InfiniteTangents()
        {
            var infinite = new HashSet<int>();
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (Stmt s in IrWalker.Statements(_body))
                {
                    (Variable? target, Expr? value) = s switch
                    {
                        Declare { Init: { } init } d => (d.Var, init),
                        Assign a => (IrWalker.RootVariable(a.Target), a.Value),
                        _ => (null, null),
                    };
                    if (target is null || value is null || infinite.Contains(target.Id)) continue;
                    if (IsActive(value) && MayBeInfinite(value, infinite)) changed |= infinite.Add(target.Id);
                }
            }

            return infinite;
        }

        /// <summary>Whether the tangent of <paramref name="e"/> may be infinite where its value is finite.</summary>
        private bool MayBeInfinite(Expr e, HashSet<int> infinite)
        {
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                Expr x = stack.Pop();
                switch (x)
                {
                    case VarRef v when infinite.Contains(v.Var.Id):
                        return true;
                    case StopGradient:
                        continue;
                    case DiffCall { TangentCanBeInfinite: true } when IsActive(x):
                        return true;
                    case Model.Call c:
                        for (int k = 0; k < c.Args.Count; k++)
                        {
                            if (IsActive(c.Args[k]) && DerivativeRules.PartialCanBeInfinite(c.Function, c, k)) return true;
                        }

                        break;
                }

                foreach (Expr child in IrWalker.Children(x)) stack.Push(child);
            }

            return false;
        }

        // ------------------------------------------------------------------ statements

        private Block Transform(Block block) => new(Statements(block).ToEquatableArray());

        private List<Stmt> Statements(Block block)
        {
            var output = new List<Stmt>();
            foreach (Stmt s in block.Statements) Statement(s, output);
            return output;
        }

        private void Statement(Stmt s, List<Stmt> output)
        {
            if (OverReverseMode && OverReverse(s, output)) return;
            switch (s)
            {
                case Block b:
                    output.Add(Transform(b));
                    break;
                case Declare { Init: NewArray { IsStackalloc: false } created } d when _poolable.Contains(d.Var.Id):
                    {
                        // Rented, zeroed, returned at the end: the same elements as new T[n], no allocation.
                        Variable view = new(_nextId++, d.Var.Name, d.Var.Type.WithShape(Shape.Span), VariableKind.Local);
                        Variable owner = NewVariable(d.Var.Name + "Buffer", d.Var.Type.Element.WithShape(Shape.ScratchBuffer));
                        output.Add(new Assign(new VarRef(owner), new RentBuffer(owner, created.Length)));
                        output.Add(new Assign(new VarRef(view), new MemberRead(new VarRef(owner), "Span", view.Type)));
                        _disposables.Add(owner);
                        _pooled[d.Var.Id] = view;
                        TangentArray(d.Var, created, output);
                        break;
                    }

                case Declare { Init: NewArray created } d:
                    output.Add(d);
                    TangentArray(d.Var, created, output);
                    break;
                case Assign { Target: VarRef v, Value: NewArray created } a when v.Type.IsSequence:
                    output.Add(a);
                    TangentArray(v.Var, created, output);
                    break;
                case Declare { Init: DiffCall call } d when IsActiveVariable(d.Var):
                    CallStatements(d.Var, TangentOf(d.Var), call, declare: true, output);
                    break;
                case Assign { Target: VarRef v, Value: DiffCall call } when IsActiveVariable(v.Var):
                    CallStatements(v.Var, TangentOf(v.Var), call, declare: false, output);
                    break;
                case Declare { Init: { } init } d when d.Var.Type.IsSequence && IsActiveVariable(d.Var):
                    // A local view of an array or span (never reassigned): its tangent is that array's.
                    output.Add(d);
                    if (SequenceRoot(init) is { } root && IsActiveVariable(root)) _tangents[d.Var.Id] = SequenceTangentOf(root);
                    break;
                case Declare { Init: { } init } d when IsActiveVariable(d.Var) && d.Var.Type.IsReal:
                    Scalar(d.Var, init, declare: true, output);
                    break;
                case Assign { Target: VarRef v } a when IsActiveVariable(v.Var) && v.Type.IsReal:
                    Scalar(v.Var, a.Value, declare: false, output);
                    break;
                case Assign { Target: VarRef grid, Value: NewArray created } a when OverReverseMode && grid.Type.IsGrid && IsActiveVariable(grid.Var):
                    output.Add(a);
                    TangentGrid(grid.Var, created, output);
                    break;
                case Assign { Target: ElementAccess { Sequence: VarRef grid } row, Value: NewArray created } a when grid.Type.IsGrid && IsActiveVariable(grid.Var):
                    // A row of a jagged adjoint: the same row of its tangent, unless that was made up front (a gradient's returned adjoint).
                    output.Add(a);
                    if (_mirroredGrids.Contains(grid.Var.Id)) output.Add(new Assign(new ElementAccess(new VarRef(SequenceTangentOf(grid.Var)), row.Index), created));
                    else if (_gradient is null || !_tangents.ContainsKey(grid.Var.Id)) throw new InvalidOperationException("Forward mode cannot give a row of '" + grid.Var.Name + "' a tangent.");
                    break;
                case Assign { Target: ElementAccess { Sequence: ElementAccess { Sequence: VarRef grid, Index: var row }, Index: var column } } a
                    when OverReverseMode && grid.Type.IsGrid && IsActiveVariable(grid.Var):
                    {
                        // An element of a jagged or two-dimensional adjoint (x[row][column] or x[row, column]): its tangent's first.
                        var before = new List<Stmt>();
                        Expr element = Finish(Tangent(a.Value, null, before), grid.Type.Element.WithShape(Shape.Scalar));
                        output.AddRange(before);
                        output.Add(new Assign(new ElementAccess(new ElementAccess(new VarRef(SequenceTangentOf(grid.Var)), row), column), element));
                        output.Add(a);
                        break;
                    }

                case Assign { Target: ElementAccess { Sequence: VarRef array } element } a when IsActiveVariable(array.Var):
                    Element(array.Var, element.Index, a.Value, a, output);
                    break;
                case Assign { Target: ElementAccess target } when IrWalker.RootVariable(target) is null && IsActive(target):
                    throw new InvalidOperationException("Forward mode cannot write into an element of an element.");
                case If i:
                    output.Add(new If(i.Condition, Transform(i.Then), Transform(i.Else)));
                    break;
                case Loop l:
                    output.Add(new Loop(l.Kind, Transform(l.Initializer), l.Condition, Transform(l.Body), Transform(l.Increment)));
                    break;
                case Return when _model.Vector is not null:
                    // Σ seedᵢ · elementᵢ: the elements, written just before, carry their own tangents.
                    break;
                case Return { Value: DiffCall call } when IsActive(call):
                    CallStatements(_result, _resultTangent, call, declare: false, output);
                    break;
                case Return { Value: { } value }:
                    {
                        // After control-flow structuring a return only sets the result.
                        output.Add(new Assign(new VarRef(_result), value));
                        var before = new List<Stmt>();
                        Expr tangent = Finish(Tangent(value, new VarRef(_result), before), _result.Type);
                        output.AddRange(before);
                        output.Add(new Assign(new VarRef(_resultTangent), tangent));
                        break;
                    }

                default:
                    output.Add(s);
                    break;
            }
        }

        /// <summary>
        /// Forward-over-reverse: the statements only a gradient holds (tape pushes and pops, rented buffers, its return);
        /// false for the others, which get their tangents as any method's statements do.
        /// </summary>
        private bool OverReverse(Stmt s, List<Stmt> output)
        {
            switch (s)
            {
                case TapePush push when TangentTape(push.Tape) is { } tangents:
                    {
                        output.Add(push);
                        var before = new List<Stmt>();
                        Expr tangent = Finish(Tangent(push.Value, null, before), push.Value.Type);
                        output.AddRange(before);
                        output.Add(new TapePush(tangents, tangent));
                        return true;
                    }

                case TapeReserve reserve when TangentTape(reserve.Tape) is { } tangents:
                    output.Add(reserve);
                    output.Add(new TapeReserve(tangents, reserve.Count));
                    return true;
                case Assign { Value: TapePop pop } a when TangentTape(pop.Tape) is { } tangents:
                    {
                        // A restore: the saved value and its tangent come off the two tapes together.
                        output.Add(a);
                        Expr popped = new TapePop(tangents, pop.Type);
                        switch (a.Target)
                        {
                            case VarRef v when IsActiveVariable(v.Var) && v.Type.IsReal:
                                output.Add(new Assign(new VarRef(TangentOf(v.Var)), popped));
                                break;
                            case ElementAccess { Sequence: VarRef array } element when IsActiveVariable(array.Var):
                                output.Add(new Assign(new ElementAccess(new VarRef(SequenceTangentOf(array.Var)), SpanIndex(element.Index)), popped));
                                break;
                            default:
                                output.Add(new Evaluate(popped));
                                break;
                        }

                        return true;
                    }

                case Assign { Target: VarRef owner, Value: RentBuffer rented } a:
                    _rentedLengths[owner.Var.Id] = rented.Length;
                    output.Add(a);
                    return true;
                case Assign { Target: VarRef view, Value: MemberRead { Receiver: VarRef owner, Name: "Span" } } a
                    when view.Type.IsSequence && IsActiveVariable(view.Var) && _rentedLengths.TryGetValue(owner.Var.Id, out Expr? length):
                    {
                        // A buffer the gradient rents (an adjoint array, or a local array): its tangent is rented beside it.
                        output.Add(a);
                        if (_tangents.ContainsKey(view.Var.Id)) return true;
                        Variable tangent = NewVariable(TangentName(view.Var.Name), view.Type.WithShape(Shape.Span));
                        Variable buffer = NewVariable(tangent.Name + "Buffer", tangent.Type.WithShape(Shape.ScratchBuffer));
                        output.Add(new Assign(new VarRef(buffer), new RentBuffer(buffer, length)));
                        output.Add(new Assign(new VarRef(tangent), new MemberRead(new VarRef(buffer), "Span", tangent.Type)));
                        _tangents[view.Var.Id] = tangent;
                        _disposables.Add(buffer);
                        return true;
                    }

                case PullbackCall call:
                    PullbackCallStatements(call, output);
                    return true;
                case ReturnValues r:
                    {
                        // The gradient's value, pushed forward: H·v.
                        var products = new List<Expr>();
                        foreach (Expr value in r.Values)
                        {
                            if (value.Type.IsScalar)
                            {
                                var before = new List<Stmt>();
                                products.Add(Finish(Tangent(value, null, before), value.Type));
                                output.AddRange(before);
                            }
                            else
                            {
                                products.Add(value is VarRef { Var: var array } && _tangents.TryGetValue(array.Id, out Variable? product)
                                    ? new VarRef(product)
                                    : throw new InvalidOperationException("Forward-over-reverse found a gradient array it did not allocate."));
                            }
                        }

                        _hessianVectorProduct = new ReturnValues(products.ToEquatableArray());
                        return true;
                    }

                default:
                    return false;
            }
        }

        /// <summary>Forward-over-reverse: the tape of tangents beside <paramref name="tape"/>, when it saves varied values.</summary>
        private Variable? TangentTape(Variable tape)
        {
            if (tape.Type.Shape != Shape.Tape || tape.Type.Scalar is not (ScalarKind.Double or ScalarKind.Float or ScalarKind.Generic) || !_active.Contains(tape.Id)) return null;
            if (_tangentTapes.TryGetValue(tape.Id, out Variable? tangents)) return tangents;
            tangents = NewVariable(tape.Name + "Tangent", tape.Type);
            _tangentTapes[tape.Id] = tangents;
            _disposables.Add(tangents);
            return tangents;
        }

        /// <summary><c>v = value</c> for an active real <c>v</c>: the tangent, and the statement as written.</summary>
        private void Scalar(Variable v, Expr value, bool declare, List<Stmt> output)
        {
            Stmt primal = declare ? new Declare(v, value) : new Assign(new VarRef(v), value);
            Variable tangentVariable = TangentOf(v);
            var before = new List<Stmt>();
            if (IrWalker.ReadsVariable(value, v))
            {
                // v = f(v, ...): the tangent reads the old v, so it comes first.
                Expr tangent = Finish(Tangent(value, null, before), v.Type);
                output.AddRange(before);
                output.Add(new Assign(new VarRef(tangentVariable), tangent));
                output.Add(primal);
            }
            else
            {
                // The tangent may read the new value (exp' = exp) from v.
                output.Add(primal);
                Expr tangent = Finish(Tangent(value, new VarRef(v), before), v.Type);
                output.AddRange(before);
                output.Add(new Assign(new VarRef(tangentVariable), tangent));
            }
        }

        /// <summary><c>array[index] = value</c> for an active array: the tangent's element first (the value may read the
        /// element it replaces), then the statement as written.</summary>
        private void Element(Variable array, Expr index, Expr value, Stmt primal, List<Stmt> output)
        {
            Variable tangent = SequenceTangentOf(array);
            var before = new List<Stmt>();
            Expr element = Finish(Tangent(value, null, before), array.Type.Element);
            output.AddRange(before);
            output.Add(new Assign(new ElementAccess(new VarRef(tangent), SpanIndex(index)), element));
            output.Add(primal);
        }

        /// <summary>Forward-over-reverse: the grids given tangents where they are made, allocated the same way (rows included).</summary>
        private readonly HashSet<int> _mirroredGrids = new();

        /// <summary>Forward-over-reverse: the tangent of a jagged or two-dimensional array the body makes (an adjoint that receives a
        /// callee's derivative), made beside it the same way; nothing for one whose tangent exists (a gradient's returned adjoint).</summary>
        private void TangentGrid(Variable grid, NewArray allocation, List<Stmt> output)
        {
            if (_tangents.ContainsKey(grid.Id)) return;
            Variable tangent = NewVariable(TangentName(grid.Name), grid.Type);
            _tangents[grid.Id] = tangent;
            _mirroredGrids.Add(grid.Id);
            output.Add(new Assign(new VarRef(tangent), allocation));
        }

        /// <summary>The tangent buffer beside an active local array: stackalloc'd like it, or rented (zeroed, like the array).</summary>
        private void TangentArray(Variable array, NewArray allocation, List<Stmt> output)
        {
            if (OverReverseMode && array.Type.IsGrid && IsActiveVariable(array))
            {
                TangentGrid(array, allocation, output);
                return;
            }

            if (!IsActiveVariable(array) || !array.Type.IsSequence) return;
            if (_gradient is not null && _tangents.ContainsKey(array.Id)) return; // a gradient array returned: its tangent is made up front
            Variable tangent = NewVariable(TangentName(array.Name), array.Type.WithShape(Shape.Span));
            _tangents[array.Id] = tangent;
            Expr length = new LengthOf(new VarRef(array));
            if (allocation.IsStackalloc)
            {
                output.Add(new Assign(new VarRef(tangent), new NewArray(tangent.Type, length, IsStackalloc: true)));
                return;
            }

            Variable buffer = NewVariable(tangent.Name + "Buffer", tangent.Type.WithShape(Shape.ScratchBuffer));
            output.Add(new Assign(new VarRef(buffer), new RentBuffer(buffer, length)));
            output.Add(new Assign(new VarRef(tangent), new MemberRead(new VarRef(buffer), "Span", tangent.Type)));
            _disposables.Add(buffer);
        }

        /// <summary>
        /// <c>v = G(args)</c> for a differentiable callee: one call of its pushforward, with the arguments and their tangents,
        /// gives both the value (the same bits G returns) and the tangent.
        /// </summary>
        private void CallStatements(Variable v, Variable tangent, DiffCall call, bool declare, List<Stmt> output)
        {
            var after = new List<Stmt>();
            List<Expr> arguments = ArgumentsAndTangents(call, output, after);

            DerivativeMember pushforward = CalleeProtocol.PushforwardOf(call);
            TypeRef pair = ValueTangentPair(call.Type);
            Variable result = NewVariable("_" + char.ToLowerInvariant(call.Method[0]) + call.Method.Substring(1), pair);
            Expr invocation = pushforward.Owner is null
                ? new OpaqueCall(call.Receiver, call.Owner, pushforward.Name, call.TypeArguments, arguments.ToEquatableArray(), pair, IsPure: true)
                : new OpaqueCall(null, pushforward.Owner, pushforward.Name, EquatableArray<TypeName>.Empty, arguments.ToEquatableArray(), pair, IsPure: true);
            output.Add(new Assign(new VarRef(result), invocation));
            Expr value = new MemberRead(new VarRef(result), "Value", call.Type);
            output.Add(declare ? new Declare(v, value) : new Assign(new VarRef(v), value));
            output.Add(new Assign(new VarRef(tangent), new MemberRead(new VarRef(result), "Tangent", call.Type)));
            output.AddRange(after);
        }

        /// <summary>The call's arguments, then the tangent of each one its callee differentiates (as pushforwards take them).</summary>
        private List<Expr> ArgumentsAndTangents(DiffCall call, List<Stmt> output, List<Stmt> after)
        {
            var arguments = new List<Expr>(call.Args);
            for (int i = 0; i < call.Parameters.Count; i++)
            {
                CalleeParameter parameter = call.Parameters[i];
                if (!parameter.IsDifferentiable) continue;
                arguments.Add(ArgumentTangent(call.Args[i], parameter.Type, output, after));
            }

            return arguments;
        }

        /// <summary>The <c>(Value, Tangent)</c> pair a callee's pushforward (or pullback pushed forward) returns.</summary>
        private static TypeRef ValueTangentPair(TypeRef type)
        {
            TypeName element = type.Scalar == ScalarKind.Generic ? GenericScalarName.Instance : new BuiltInTypeName(type.Scalar == ScalarKind.Float ? BuiltInType.Single : BuiltInType.Double);
            return new TypeRef(ScalarKind.Other, Shape.Scalar, new TupleTypeName(EquatableArray.Create(new TupleElementName(element, "Value"), new TupleElementName(element, "Tangent"))));
        }

        /// <summary>
        /// Forward-over-reverse: a call of a callee's pullback in the body pushed forward becomes one call of the callee's
        /// pullback pushed forward (<see cref="GeneratedMembers.PullbackPushforwardName"/>), with the arguments and their tangents,
        /// the seed and its tangent, and the adjoints and their tangents, into which it adds both. Where neither the arguments
        /// nor the seed vary, nothing it adds varies: the call stays as it is.
        /// </summary>
        private void PullbackCallStatements(PullbackCall p, List<Stmt> output)
        {
            DiffCall call = p.Call;
            if (!IsActive(call) && !IsActive(p.Seed))
            {
                output.Add(p);
                return;
            }

            if (call.CustomPullback is not null)
            {
                throw new InvalidOperationException("Forward-over-reverse cannot push forward through the pullback of '" + call.Method + "'.");
            }

            var after = new List<Stmt>();
            List<Expr> arguments = ArgumentsAndTangents(call, output, after);

            // The seed goes with the arguments, its tangent where the pullback takes the seed: the order of the member's parameters.
            arguments.Add(p.Seed);
            var before = new List<Stmt>();
            Expr seedTangent = Finish(Tangent(p.Seed, null, before), p.Seed.Type);
            output.AddRange(before);
            var adjoints = new List<Expr>(p.Adjoints);
            foreach (Expr adjoint in p.Adjoints) adjoints.Add(AdjointTangent(adjoint, output, after));

            Variable? pair = p.Result is null ? null : NewVariable("_" + char.ToLowerInvariant(call.Method[0]) + call.Method.Substring(1), ValueTangentPair(call.Type));
            var member = new DerivativeMember(null, GeneratedMembers.PullbackPushforwardName(call.Memberwise ? GeneratedMembers.MemberwiseName(call.Method) : call.Method));
            output.Add(new PullbackCall(call with { Args = arguments.ToEquatableArray() }, member, seedTangent, adjoints.ToEquatableArray(), pair is null ? null : new VarRef(pair)));
            if (p.Result is { } result && pair is not null)
            {
                output.Add(new Assign(result, new MemberRead(new VarRef(pair), "Value", call.Type)));
                if (result is VarRef r && IsActiveVariable(r.Var))
                {
                    output.Add(new Assign(new VarRef(TangentOf(r.Var)), new MemberRead(new VarRef(pair), "Tangent", call.Type)));
                }
            }

            output.AddRange(after);
        }

        /// <summary>The tangent of an adjoint a callee's pullback adds into: a scalar's tangent variable, an array's tangent
        /// buffer, or, for a buffer rented only to receive what nobody needs, a second such buffer for its tangent.</summary>
        private Expr AdjointTangent(Expr adjoint, List<Stmt> output, List<Stmt> after)
        {
            switch (adjoint)
            {
                case VarRef v when v.Type.IsReal:
                    return new VarRef(TangentOf(v.Var));
                case VarRef v when v.Type.IsSequence || v.Type.IsGrid:
                    return new VarRef(SequenceTangentOf(v.Var));
                case MemberRead { Receiver: VarRef owner, Name: "Span" } view when _rentedLengths.TryGetValue(owner.Var.Id, out Expr? length):
                    {
                        Variable buffer = NewVariable(owner.Var.Name + "Tangent", owner.Var.Type);
                        output.Add(new Assign(new VarRef(buffer), new RentBuffer(buffer, length)));
                        after.Add(new DisposeStmt(buffer));
                        return new MemberRead(new VarRef(buffer), "Span", view.Type);
                    }

                default:
                    throw new InvalidOperationException("Forward-over-reverse found an adjoint it cannot push forward: " + adjoint.GetType().Name + ".");
            }
        }

        /// <summary>The tangent to pass for a differentiable parameter of a callee: the argument's own (an array's tangent
        /// buffer, a row of a grid's tangent), or zeros where the argument does not vary (a rented zeroed span; for a grid,
        /// a new zeroed array of its shape, as reverse mode makes one for the adjoint).</summary>
        private Expr ArgumentTangent(Expr argument, TypeRef parameter, List<Stmt> output, List<Stmt> after)
        {
            if (parameter.IsGrid)
            {
                if (argument is VarRef grid && IsActiveVariable(grid.Var)) return new VarRef(SequenceTangentOf(grid.Var));
                Variable zeros = NewVariable("_zeros", parameter);
                output.AddRange(ShapedArrays.AllocateLike(zeros, argument, NewVariable));
                return new VarRef(zeros);
            }

            if (parameter.IsSequence)
            {
                if (SequenceRoot(argument) is { } root && IsActiveVariable(root)) return new VarRef(SequenceTangentOf(root));
                if (argument is ElementAccess { Sequence: VarRef { Type.Shape: Shape.Jagged } rows, Index: var row } && IsActiveVariable(rows.Var))
                {
                    // A row of a differentiable jagged array: its tangent is the same row of the array's tangent.
                    return new ElementAccess(new VarRef(SequenceTangentOf(rows.Var)), row);
                }

                TypeRef elementType = parameter.Element;
                Variable buffer = NewVariable("_zeros", elementType.WithShape(Shape.ScratchBuffer));
                output.Add(new Assign(new VarRef(buffer), new RentBuffer(buffer, new LengthOf(argument))));
                after.Add(new DisposeStmt(buffer));
                return new MemberRead(new VarRef(buffer), "Span", elementType.WithShape(Shape.Span));
            }

            var before = new List<Stmt>();
            Expr tangent = Finish(Tangent(argument, null, before), parameter);
            output.AddRange(before);
            return tangent;
        }

        // ------------------------------------------------------------------ tangents of expressions

        /// <summary>A tangent as an expression of <paramref name="type"/>: zero where there is none, simplified.</summary>
        private static Expr Finish(Expr? tangent, TypeRef type) => tangent is null ? Real(0, type) : Simplifier.Simplify(As(tangent, type));

        /// <summary>
        /// The tangent of <paramref name="e"/> (null when it is zero): the sum over its operands of each operand's tangent times
        /// the partial with respect to it. <paramref name="self"/>, when given, holds the value of <paramref name="e"/>.
        /// Locals that the tangent reads are appended to <paramref name="before"/>.
        /// </summary>
        private Expr? Tangent(Expr e, Expr? self, List<Stmt> before)
        {
            if (!e.Type.IsReal || !IsActive(e)) return null;
            switch (e)
            {
                case VarRef v:
                    return new VarRef(TangentOf(v.Var));
                case ElementAccess { Sequence: ElementAccess { Sequence: VarRef grid, Index: var row } } a when grid.Type.IsGrid:
                    // An element of a jagged or two-dimensional array: x[row][index] or x[row, index].
                    return new ElementAccess(new ElementAccess(new VarRef(SequenceTangentOf(grid.Var)), row), a.Index);
                case ElementAccess a when SequenceRoot(a.Sequence) is { } array:
                    return new ElementAccess(new VarRef(SequenceTangentOf(array)), SpanIndex(a.Index));
                case Unary or Binary or Cast when OperatorRules.Of(e, self) is { } operands:
                    {
                        Expr? sum = null;
                        foreach (OperandDerivative operand in operands)
                        {
                            Expr? tangent = Tangent(operand.Operand, null, before);
                            if (tangent is null) continue;
                            Expr share = operand.Scale(operand.IsUnit ? tangent : Bind(tangent, before), e.Type);
                            if (!operand.IsUnit && MayBeInfinite(operand.Operand, _mayBeInfinite))
                            {
                                if (GuardZeroPartial(operand.Scale(Real(1, operand.Operand.Type), e.Type), share) is not { } guarded) continue;
                                share = guarded;
                            }

                            sum = sum is null ? share : Add(sum, share);
                        }

                        return sum;
                    }

                case Model.Call c:
                    return CallTangent(c, self, before);
                case Conditional c:
                    {
                        // Only the branch taken runs, its tangent with it.
                        _conditionalDepth++;
                        Expr? whenTrue = Tangent(c.WhenTrue, null, before);
                        Expr? whenFalse = Tangent(c.WhenFalse, null, before);
                        _conditionalDepth--;
                        if (whenTrue is null && whenFalse is null) return null;
                        return Select(c.Condition, whenTrue ?? Real(0, c.Type), whenFalse ?? Real(0, c.Type));
                    }

                case DiffCall:
                    throw new InvalidOperationException("Forward mode found a call to a differentiable method inside an expression.");
                case TapePop pop when _gradient is not null && _active.Contains(pop.Tape.Id):
                    throw new InvalidOperationException("Forward-over-reverse found a value of a tape inside an expression.");
                default:
                    return null;
            }
        }

        /// <summary>The tangent of an elementary function's call: Σ ∂f/∂args[k] · tangent(args[k]).</summary>
        private Expr? CallTangent(Model.Call c, Expr? self, List<Stmt> before)
        {
            Expr? sum = null;

            // Max, Min, Clamp: the argument selected carries its tangent, the others nothing, and none of their tangent
            // code runs (Math.Min(x, Math.Exp(1000 * x)) must not meet 0 * inf), one conditional per condition.
            var selections = new List<(Expr Condition, List<Expr> WhenTrue, List<Expr> WhenFalse)>();
            for (int k = 0; k < c.Args.Count; k++)
            {
                Expr argument = c.Args[k];
                if (!IsActive(argument)) continue;
                Expr? partial = DerivativeRules.Partial(c.Function, c, k, self ?? c);
                if (partial is null) continue;
                if (partial is Conditional { WhenTrue: RealConst whenTrue, WhenFalse: RealConst whenFalse } selection
                    && (whenTrue.Value == 0) != (whenFalse.Value == 0))
                {
                    bool taken = whenFalse.Value == 0;
                    RealConst factor = taken ? whenTrue : whenFalse;
                    _conditionalDepth++;
                    Expr? selected = Tangent(argument, null, before);
                    _conditionalDepth--;
                    if (selected is null) continue;
                    Expr part = factor.Value == 1 ? As(selected, c.Type) : Mul(As(selected, c.Type), factor);
                    int index = selections.FindIndex(s => s.Condition.Equals(selection.Condition));
                    if (index < 0)
                    {
                        selections.Add((selection.Condition, new List<Expr>(), new List<Expr>()));
                        index = selections.Count - 1;
                    }

                    (taken ? selections[index].WhenTrue : selections[index].WhenFalse).Add(part);
                    continue;
                }

                Expr? tangent = Tangent(argument, null, before);
                if (tangent is null) continue;
                tangent = As(tangent, c.Type);
                Expr share;
                if (DerivativeRules.PartialCanBeInfinite(c.Function, c, k) && tangent is not RealConst)
                {
                    // A zero tangent stays zero, even where the partial is infinite.
                    Expr t = BindForReuse(tangent, before);
                    share = Select(Equal(t, Real(0, t.Type)), Real(0, t.Type), Mul(t, partial));
                }
                else
                {
                    share = Mul(Bind(tangent, before), partial);
                    if (MayBeInfinite(argument, _mayBeInfinite))
                    {
                        if (GuardZeroPartial(partial, share) is not { } guarded) continue;
                        share = guarded;
                    }
                }

                sum = sum is null ? share : Add(sum, share);
            }

            foreach ((Expr condition, List<Expr> whenTrue, List<Expr> whenFalse) in selections)
            {
                Expr share = Select(condition, Sum(whenTrue) ?? Real(0, c.Type), Sum(whenFalse) ?? Real(0, c.Type));
                sum = sum is null ? share : Add(sum, share);
            }

            return sum;
        }

        /// <summary><paramref name="share"/> (a tangent that may be infinite times <paramref name="partial"/>), or zero where the
        /// partial is zero; null when the partial is the constant zero.</summary>
        private static Expr? GuardZeroPartial(Expr partial, Expr share)
        {
            Expr p = Simplifier.Simplify(partial);
            if (p is RealConst { Symbol: null } constant) return constant.Value == 0 ? null : share;
            return Select(Equal(p, Real(0, p.Type)), Real(0, share.Type), share);
        }

        private static Expr? Sum(List<Expr> terms)
        {
            Expr? sum = null;
            foreach (Expr term in terms) sum = sum is null ? term : Add(sum, term);
            return sum;
        }

        /// <summary>A large tangent computed once into a local (outside conditionals), so that the expressions built from
        /// it stay small.</summary>
        private Expr Bind(Expr tangent, List<Stmt> before)
        {
            if (_conditionalDepth > 0 || Size(tangent, MaxTangentSize + 1) <= MaxTangentSize) return tangent;
            return Local(tangent, before);
        }

        /// <summary>A tangent read twice: a local unless it is as cheap to read again (outside conditionals).</summary>
        private Expr BindForReuse(Expr tangent, List<Stmt> before)
        {
            if (_conditionalDepth > 0 || tangent is VarRef or RealConst or ElementAccess { Sequence: VarRef, Index: VarRef or IntConst }) return tangent;
            return Local(tangent, before);
        }

        private Expr Local(Expr tangent, List<Stmt> before)
        {
            Variable temporary = NewVariable("_tangent", tangent.Type);
            before.Add(new Assign(new VarRef(temporary), Simplifier.Simplify(tangent)));
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
    }
}
