using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Analysis;
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
        private readonly Dictionary<int, int> _assignmentCounts = new();
        private readonly Variable _result;
        private readonly Expr _seed;
        private readonly Variable? _seedVariable;

        private ReverseMode(MethodModel model, DerivativeKind kind)
        {
            _model = model;
            _kind = kind;
            _nextId = model.NextVariableId;
            _result = new Variable(_nextId++, "_result", model.ReturnType, VariableKind.Synthetic);

            var independents = model.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Variable).ToList();
            HashSet<int> varied = Activity.Varied(model.Body, independents);
            _body = SelfReusingCalls.Split(model.Body, varied, ref _nextId);
            if (!ReferenceEquals(_body, model.Body)) varied = Activity.Varied(_body, independents);
            HashSet<int> useful = Activity.Useful(_body);
            _active = new HashSet<int>(varied.Where(useful.Contains));
            _assigned = IrWalker.Writes(_body);
            _hasLoops = IrWalker.Statements(_body).Any(s => s is Loop);
            _poolable = PoolableArrays(_body);
            foreach (Stmt s in IrWalker.Statements(_body))
            {
                Variable? written = s switch
                {
                    Declare { Init: not null } d => d.Var,
                    Assign { Target: VarRef v } => v.Var,
                    _ => null,
                };
                if (written is not null)
                {
                    _assignmentCounts.TryGetValue(written.Id, out int n);
                    _assignmentCounts[written.Id] = n + 1;
                }
            }

            if (kind == DerivativeKind.Pullback)
            {
                _seedVariable = NewVariable("seed", model.ReturnType);
                _seed = new VarRef(_seedVariable);
            }
            else
            {
                _seed = Real(1, model.ReturnType);
            }
        }

        public static DerivativeBody Differentiate(MethodModel model, DerivativeKind kind) => new ReverseMode(model, kind).Build();

        /// <summary>
        /// Local arrays created with <c>new T[n]</c> that are only indexed, measured or viewed as spans: generated
        /// code rents them from the pool (zeroed, like a new array) so that a pullback allocates nothing.
        /// </summary>
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

        private DerivativeBody Build()
        {
            var adjoints = new List<(ParameterModel, Variable)>();
            foreach (ParameterModel p in _model.Parameters)
            {
                if (!p.IsDifferentiable) continue;
                adjoints.Add((p, ParameterAdjoint(p)));
            }

            BlockNode root = BuildBlock(_body, null, null);
            ComputeCores(root);
            AnalyzeLoopsAndRecomputation(root);
            RunToBeRecorded(root);
            FindSelectionLoops(root);

            int fused = FindFusableLoop(root);
            if (fused >= 0) PrepareFusion((LoopNode)root.Children[fused]);

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
                BlockNode before = Part(root, 0, fused), after = Part(root, fused + 1, root.Children.Count);
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

            if (_kind == DerivativeKind.Pullback)
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

        private Variable ParameterAdjoint(ParameterModel p)
        {
            Variable v = p.Variable;
            TypeRef type = p.Type;
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

        private bool IsActiveVariable(Variable v) => _active.Contains(v.Id) && (v.Type.IsReal || v.Type.IsRealSequence);

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
                ScalarKind.Int32 => "Int",
                _ => "Long",
            };
            tape = NewVariable("_tape" + suffix, new TypeRef(kind, Shape.Tape));
            _tapes[kind] = tape;
            _disposables.Add(tape);
            return tape;
        }

        // ------------------------------------------------------------------ the analysis tree

        private abstract class Node
        {
            public LoopNode? Loop;
            public bool HasReverse;
        }

        private sealed class StmtNode : Node
        {
            public StmtNode(Stmt statement) => Statement = statement;

            public Stmt Statement { get; }

            /// <summary>The variable the statement overwrites (the array, for an element write).</summary>
            public Variable? Target;

            /// <summary>The index of an element write.</summary>
            public Expr? ElementIndex;

            /// <summary>Adjoint statements for this statement's reverse sweep.</summary>
            public List<Stmt> Core = new();

            /// <summary>Primal variables the reverse code reads, with their values before the statement.</summary>
            public HashSet<int> ReadsBefore = new();

            /// <summary>Primal variables the reverse code reads with their values after the statement (the
            /// statement's own result used in its derivative).</summary>
            public HashSet<int> ReadsAfter = new();

            /// <summary>The core reads the statement's new value, so it runs before the old value is restored.</summary>
            public bool CoreBeforeRestore;

            /// <summary>Each element of the target array is written once: nothing to save.</summary>
            public bool NeverOverwrites;

            public bool Save;
            public bool Recomputable;
        }

        private sealed class BlockNode : Node
        {
            public readonly List<Node> Children = new();
        }

        private sealed class IfNode : Node
        {
            public IfNode(Expr condition, BlockNode then, BlockNode otherwise)
            {
                Condition = condition;
                Then = then;
                Else = otherwise;
            }

            public Expr Condition { get; }

            public BlockNode Then { get; }

            public BlockNode Else { get; }

            public bool ReEvaluate;

            public Variable? Flag;
        }

        private sealed class LoopNode : Node
        {
            public LoopNode(Loop loop) => Source = loop;

            public Loop Source { get; }

            public BlockNode Init = null!;
            public BlockNode Body = null!;
            public BlockNode Increment = null!;
            public CountingLoop? Counting;
            public Variable? Trips;
            public HashSet<int> Writes = new();

            /// <summary>What the reverse sweep of the code before the loop reads (set by the to-be-recorded analysis).</summary>
            public HashSet<int>? RequiredAtEntry;

            /// <summary>In a selection loop (see <see cref="FindSelectionLoops"/>), the one statement with reverse work.</summary>
            public StmtNode? Selected;

            /// <summary>The adjoint code of the kept iteration.</summary>
            public List<Stmt>? KeptCore;

            /// <summary>For <c>m = Math.Max(m, e)</c>, when an iteration is kept (e wins); null when every
            /// execution of the selected statement is.</summary>
            public Expr? KeptWhen;

            /// <summary>The counter at the selected statement's last execution.</summary>
            public Variable? LastCounter;

            /// <summary>Whether the selected statement ran at all.</summary>
            public Variable? SelectedRan;

            /// <summary>The kept variable's value before the loop, when the reverse sweep before the loop reads it.</summary>
            public Variable? SavedBefore;
        }

        /// <summary><c>for (int i = Start; i &lt;(=) Bound; i++)</c> or the decreasing form.</summary>
        private sealed class CountingLoop
        {
            public CountingLoop(Variable counter, Expr start, Expr bound, bool ascending, bool inclusive)
            {
                Counter = counter;
                Start = start;
                Bound = bound;
                Ascending = ascending;
                Inclusive = inclusive;
            }

            public Variable Counter { get; }

            public Expr Start { get; }

            public Expr Bound { get; }

            public bool Ascending { get; }

            public bool Inclusive { get; }
        }

        private BlockNode BuildBlock(Block block, LoopNode? loop, BlockNode? parent)
        {
            var node = new BlockNode { Loop = loop };
            foreach (Stmt s in block.Statements)
            {
                switch (s)
                {
                    case Block nested:
                        node.Children.AddRange(BuildBlock(nested, loop, node).Children);
                        break;
                    case If i:
                        node.Children.Add(new IfNode(i.Condition, BuildBlock(i.Then, loop, node), BuildBlock(i.Else, loop, node)) { Loop = loop });
                        break;
                    case Loop l:
                        {
                            var loopNode = new LoopNode(l) { Loop = loop };
                            loopNode.Init = BuildBlock(l.Initializer, loop, node);
                            loopNode.Body = BuildBlock(l.Body, loopNode, node);
                            loopNode.Increment = BuildBlock(l.Increment, loopNode, node);
                            loopNode.Writes = IrWalker.Writes(new Block(EquatableArray.Create<Stmt>(l.Body, l.Increment)));
                            node.Children.Add(loopNode);
                            break;
                        }

                    case Declare { Init: null }:
                        break; // a declaration without a value has no effect to reproduce
                    default:
                        {
                            var stmt = new StmtNode(s) { Loop = loop };
                            switch (s)
                            {
                                case Declare d:
                                    stmt.Target = d.Var;
                                    break;
                                case Assign { Target: VarRef v }:
                                    stmt.Target = v.Var;
                                    break;
                                case Assign { Target: ElementAccess { Sequence: VarRef a } element }:
                                    stmt.Target = a.Var;
                                    stmt.ElementIndex = element.Index;
                                    break;
                            }

                            node.Children.Add(stmt);
                            break;
                        }
                }
            }

            return node;
        }

        private static IEnumerable<Node> AllNodes(Node node)
        {
            yield return node;
            switch (node)
            {
                case BlockNode b:
                    foreach (Node child in b.Children)
                    {
                        foreach (Node n in AllNodes(child)) yield return n;
                    }

                    break;
                case IfNode i:
                    foreach (Node n in AllNodes(i.Then)) yield return n;
                    foreach (Node n in AllNodes(i.Else)) yield return n;
                    break;
                case LoopNode l:
                    foreach (Node n in AllNodes(l.Init)) yield return n;
                    foreach (Node n in AllNodes(l.Body)) yield return n;
                    foreach (Node n in AllNodes(l.Increment)) yield return n;
                    break;
            }
        }
    }
}
