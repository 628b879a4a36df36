using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Analysis;
using GradGen.Generator.Differentiation.Reverse.Analyses;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Transforms;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.Differentiation.Reverse
{
    /// <summary>
    /// Reverse mode over the structured IR (in the manner of Clad's reverse-mode visitor and
    /// Tapenade): a forward sweep that runs the method and saves what the reverse sweep will need,
    /// then a reverse sweep that propagates adjoints from the result back to the parameters.
    /// <para>
    /// What is saved is decided by a to-be-recorded analysis: a value is stored only when it is
    /// overwritten and a later part of the reverse sweep reads it. Locals of a loop body that are
    /// computed from values the loop does not change are recomputed in the reverse sweep instead
    /// (a reduction such as <c>sum += f(x[i], w)</c> needs no tape), unless the loop's forward sweep
    /// runs anyway and the value costs a transcendental call: that one is kept. Values overwritten
    /// inside loops go on a <see cref="T:GradGen.Tape`1"/> (pooled, no allocation per call); outside
    /// loops, into locals. Branch decisions and trip counts are recorded only where they cannot be
    /// recomputed; a selection loop (a running maximum) records only its last selecting iteration;
    /// counting loops (<c>for (int i = a; i &lt; b; i++)</c>) are reversed by counting down.
    /// </para>
    /// </summary>
    internal sealed partial class ReverseMode
    {
        private readonly MethodModel _model;

        /// <summary>The method's body, with the calls whose derivative reuses their value given locals in loops.</summary>
        private readonly Block _body;
        private readonly DerivativeKind _kind;
        private int _nextId;
        private readonly HashSet<int> _active;
        private readonly Dictionary<int, Variable> _adjoints = new();
        private readonly Dictionary<int, Variable> _adjointLocals = new();
        private readonly List<Stmt> _prologue = new();
        private readonly List<Stmt> _epilogue = new();
        private readonly List<Variable> _disposables = new();
        private readonly Dictionary<ScalarKind, Variable> _tapes = new();
        private readonly HashSet<int> _assigned;
        private readonly bool _hasLoops;
        private readonly HashSet<int> _poolable;
        private readonly Dictionary<int, Variable> _pooled = new();
        private readonly IReadOnlyDictionary<int, int> _assignmentCounts;
        private readonly Variable _result;
        private readonly Expr _seed;
        private readonly Variable? _seedVariable;

        /// <summary>What the analyses decided; set once by <see cref="Plan"/>, before either sweep runs.</summary>
        private ReversePlan _plan = null!;

        private ReverseMode(MethodFacts facts, DerivativeKind kind)
        {
            _model = facts.Model;
            _kind = kind;
            _nextId = facts.NextVariableId;
            _result = facts.Result;
            _body = facts.Body;
            _active = facts.Active;
            _assigned = facts.Assigned;
            _hasLoops = facts.HasLoops;
            _poolable = facts.Poolable;
            _assignmentCounts = facts.AssignmentCounts;

            if (kind == DerivativeKind.Pullback && _model.Vector is null)
            {
                _seedVariable = NewVariable("seed", _model.ReturnType);
                _seed = new VarRef(_seedVariable);
            }
            else
            {
                _seed = Real(1, _model.ReturnType);
            }
        }

        /// <summary>The body of <c>FGradient</c> or <c>FPullback</c>, from the facts the method's members share.</summary>
        public static DerivativeBody Differentiate(MethodFacts facts, DerivativeKind kind) => new ReverseMode(facts, kind).Build();

        private DerivativeBody Build()
        {
            var adjoints = new List<(ParameterModel, Variable)>();
            foreach (ParameterModel p in _model.Parameters)
            {
                if (!p.IsDifferentiable) continue;
                adjoints.Add((p, ParameterAdjoint(p)));
            }

            BlockNode root = AnalysisTree.Build(_body, null);
            ComputeCores(root);
            _plan = Plan(root);
            int fused = _plan.Fused?.Index ?? -1;

            var body = new List<Stmt>();
            body.AddRange(_prologue);
            var sweeps = new List<Stmt>();
            if (fused < 0)
            {
                sweeps.AddRange(Forward(root));
                sweeps.AddRange(Reverse(root));
            }
            else
            {
                // A reduction loop whose adjoints are known before it runs: its reverse sweep runs inside
                // it, iteration by iteration, right after the forward work of the same iteration.
                BlockNode before = AnalysisTree.Part(root, 0, fused), after = AnalysisTree.Part(root, fused + 1, root.Children.Count);
                sweeps.AddRange(Forward(before));
                sweeps.AddRange(Reverse(after));
                sweeps.AddRange(FusedLoop((LoopNode)root.Children[fused]));
                sweeps.AddRange(Forward(after));
                sweeps.AddRange(Reverse(before));
            }

            // Adjoints start at zero (the optimizer folds these into their first use).
            foreach (Variable adjoint in _adjointLocals.Values.OrderBy(v => v.Id))
            {
                body.Add(new Assign(new VarRef(adjoint), Real(0, adjoint.Type)));
            }

            body.AddRange(sweeps);
            body.AddRange(_epilogue);
            foreach (Variable disposable in _disposables)
            {
                body.Add(new DisposeStmt(disposable));
            }

            if (_kind == DerivativeKind.Pullback && _model.Vector is { } vector)
            {
                // The body returns Σ seedᵢ · elementᵢ, differentiated with seed 1: the elements are the value.
                body.Add(new ReturnValues(vector.Outputs.Select(o => (Expr)new VarRef(o)).ToEquatableArray()));
            }
            else if (_kind == DerivativeKind.Pullback)
            {
                body.Add(new Return(new VarRef(_result)));
            }
            else
            {
                body.Add(new ReturnValues(adjoints.Select(a => (Expr)new VarRef(a.Item2)).ToEquatableArray()));
            }

            Block complete = new(body.ToEquatableArray());
            if (_pooled.Count > 0)
            {
                // A rented buffer is seen through a span, which (unlike an array) takes only an int index.
                complete = (Block)IrRewriter.Rewrite(complete, e => e switch
                {
                    VarRef v when _pooled.TryGetValue(v.Var.Id, out Variable? view) => new VarRef(view),
                    ElementAccess { Sequence: VarRef s } a when s.Var.Type.Shape == Shape.Span => a with { Index = AdjointIndex(a.Index) },
                    _ => null,
                });
            }

            Block optimized = Optimizer.Optimize(complete, ObservableVariables(adjoints), ref _nextId);
            return new DerivativeBody(optimized, _seedVariable, adjoints);
        }

        /// <summary>
        /// Runs the analyses, each on the results of the ones before it: loop shapes, recomputation,
        /// to-be-recorded, selection loops, fusion; then names the locals that carry decisions from the
        /// forward sweep to the reverse sweep.
        /// </summary>
        private ReversePlan Plan(BlockNode root)
        {
            LoopShapes shapes = LoopShapes.Analyze(root);
            Recomputation recomputation = Recomputation.Analyze(root, shapes, _assignmentCounts, forwardAlwaysRuns: _kind == DerivativeKind.Pullback);
            Recording recording = ToBeRecorded.Analyze(root, shapes, recomputation);

            var selections = new Dictionary<LoopNode, Selection>();
            var unsaved = new List<StmtNode>();
            foreach (Node node in AllNodes(root))
            {
                if (node is not LoopNode loop) continue;
                SelectionShape? shape = SelectionLoops.Find(loop, shapes, recording, (statement, owner) =>
                {
                    var kept = new StmtNode(statement, owner);
                    BuildCore(kept);
                    return kept;
                });
                if (shape is null) continue;
                Variable m = shape.Selected.Target!;
                CountingLoop counting = shapes.Counting(loop)!;
                Variable lastCounter = NewVariable("_last_" + counting.Counter.Name, counting.Counter.Type);
                Variable selectedRan = NewVariable("_wrote_" + m.Name, TypeRef.Boolean);
                Variable? savedBefore = null;
                if (recording.Saves(shape.Selected))
                {
                    // The reverse sweep before the loop reads m as it was before the loop: one copy, not a
                    // tape of every overwritten value (the one execution's adjoint code reads the last value).
                    unsaved.Add(shape.Selected);
                    savedBefore = NewVariable("_saved_" + m.Name, m.Type);
                }

                selections[loop] = new Selection(shape, lastCounter, selectedRan, savedBefore);
            }

            if (unsaved.Count > 0) recording = recording.Without(unsaved);

            FusedLoop? fused = Fusion.Find(root, shapes, recomputation, recording, _result, _adjoints);
            if (fused is not null) recording = ToBeRecorded.ForFusedLoop(fused.Loop, recording, shapes, recomputation);

            var branchFlags = new Dictionary<IfNode, Variable>();
            var tripCounters = new Dictionary<LoopNode, Variable>();
            foreach (Node node in AllNodes(root))
            {
                switch (node)
                {
                    case IfNode { Loop: null } branch when recording.HasReverse(branch) && !recomputation.ReEvaluates(branch):
                        branchFlags[branch] = NewVariable("_branch", TypeRef.Boolean);
                        break;
                    case LoopNode loop when shapes.Counting(loop) is null && recording.HasReverse(loop):
                        tripCounters[loop] = NewVariable("_trips", TypeRef.Int32);
                        break;
                }
            }

            return new ReversePlan(shapes, recomputation, recording, selections, fused, branchFlags, tripCounters);
        }

        private HashSet<int> ObservableVariables(List<(ParameterModel Parameter, Variable Adjoint)> adjoints)
        {
            var observable = new HashSet<int>();
            if (_kind == DerivativeKind.Pullback)
            {
                foreach ((_, Variable adjoint) in adjoints) observable.Add(adjoint.Id);
            }

            return observable;
        }

        // ------------------------------------------------------------------ variables

        private Variable NewVariable(string name, TypeRef type) => new(_nextId++, name, type, VariableKind.Generated);

        /// <summary>The preferred name of the adjoint of <paramref name="name"/>: <c>_d_x</c>, and <c>_d_exp</c> for <c>_exp</c>.</summary>
        private static string AdjointName(string name) => name.StartsWith("_", System.StringComparison.Ordinal) ? "_d" + name : "_d_" + name;

        /// <summary>The counter of the loop that checks each row of a jagged adjoint: a variable, so that the
        /// method's naming keeps it apart from every other local.</summary>
        private Variable? RowCounter(Variable adjoint) =>
            adjoint.Type.Shape == Shape.Jagged ? new Variable(_nextId++, "_row" + adjoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TypeRef.Int32, VariableKind.Synthetic) : null;

        private Variable ParameterAdjoint(ParameterModel p)
        {
            Variable v = p.Variable;
            TypeRef type = p.Type;
            if (type.IsGrid)
            {
                // A jagged or two-dimensional array: its adjoint has its shape (the caller's, checked, in the pullback).
                if (_kind == DerivativeKind.Pullback)
                {
                    var given = new Variable(_nextId++, p.Name + "Adjoint", type, VariableKind.Generated);
                    _adjoints[v.Id] = given;
                    _prologue.Add(new CheckLength(given, v, Row: RowCounter(given)));
                    return given;
                }

                Variable grid = NewVariable(AdjointName(p.Name), type);
                _adjoints[v.Id] = grid;
                _prologue.AddRange(AllocateLike(grid, new VarRef(v)));
                return grid;
            }

            if (_kind == DerivativeKind.Pullback)
            {
                if (type.IsSequence)
                {
                    var span = new Variable(_nextId++, p.Name + "Adjoint", type.WithShape(Shape.Span), VariableKind.Generated);
                    _adjoints[v.Id] = span;
                    _prologue.Add(new CheckLength(span, v));
                    return span;
                }

                var parameter = new Variable(_nextId++, p.Name + "Adjoint", type, VariableKind.Generated);
                if (_assigned.Contains(v.Id) || _hasLoops)
                {
                    // Work on a local and add it to the caller's adjoint once at the end (which only ever
                    // accumulates): needed when the parameter is reassigned (its adjoint is then scaled), and
                    // faster in loops, where a local stays in a register and a ref goes through memory.
                    Variable local = AdjointOf(v);
                    _epilogue.Add(new Assign(new VarRef(parameter), Add(new VarRef(parameter), new VarRef(local))));
                }
                else
                {
                    _adjoints[v.Id] = parameter;
                }

                return parameter;
            }

            if (type.IsSequence)
            {
                var array = NewVariable(AdjointName(p.Name), type.WithShape(Shape.Array));
                _adjoints[v.Id] = array;
                _prologue.Add(new Assign(new VarRef(array), new NewArray(array.Type, new LengthOf(new VarRef(v)), IsStackalloc: false)));
                return array;
            }

            return AdjointOf(v);
        }

        /// <summary>The adjoint of a real scalar variable (a zero-initialized local unless it is a parameter's).</summary>
        private Variable AdjointOf(Variable v)
        {
            if (_adjoints.TryGetValue(v.Id, out Variable? existing)) return existing;
            Variable adjoint = NewVariable(AdjointName(v.Name), v.Type);
            _adjoints[v.Id] = adjoint;
            if (v.Type.IsReal) _adjointLocals[v.Id] = adjoint;
            return adjoint;
        }

        private bool IsActiveVariable(Variable v) => _active.Contains(v.Id) && (v.Type.IsReal || v.Type.IsRealSequence || v.Type.IsRealGrid);

        private bool IsActive(Expr e) => Activity.IsVaried(e, _active);

        /// <summary>The runtime's pooled, zeroed buffer of <paramref name="element"/> values.</summary>
        private static TypeRef ScratchBufferType(TypeRef element) => element.WithShape(Shape.ScratchBuffer);

        private Variable Tape(TypeRef type)
        {
            ScalarKind kind = type.Scalar == ScalarKind.Boolean ? ScalarKind.Int32 : type.Scalar;
            if (_tapes.TryGetValue(kind, out Variable? tape)) return tape;
            string suffix = kind switch
            {
                ScalarKind.Double => string.Empty,
                ScalarKind.Float => "Float",
                ScalarKind.Generic => "Generic",
                ScalarKind.Int32 => "Int",
                _ => "Long",
            };
            tape = NewVariable("_tape" + suffix, new TypeRef(kind, Shape.Tape));
            _tapes[kind] = tape;
            _disposables.Add(tape);
            return tape;
        }

        private static IEnumerable<Node> AllNodes(Node node) => AnalysisTree.AllNodes(node);
    }
}
