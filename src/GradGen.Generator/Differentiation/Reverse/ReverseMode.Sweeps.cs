using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Reverse
{
    /// <summary>The two sweeps, written from the plan.</summary>
    internal sealed partial class ReverseMode
    {
        private List<Stmt> FusedLoop(LoopNode loop)
        {
            var body = new List<Stmt>();
            body.AddRange(Forward(loop.Body));

            // The reverse work restores values it saved; a value that lives across iterations (a running
            // power, a discount factor) is put back as the forward work left it, for the next iteration.
            var carried = AllNodes(loop.Body)
                .OfType<StmtNode>()
                .Where(s => _plan.Saves(s) && s.ElementIndex is null && s.Target is { } t && !_plan.Fused!.DeclaredInside.Contains(t.Id))
                .Select(s => s.Target!)
                .GroupBy(v => v.Id)
                .Select(g => g.First())
                .ToList();
            var snapshots = carried.Select(v => (Variable: v, Snapshot: NewVariable("_next_" + v.Name, v.Type))).ToList();
            foreach (var (variable, snapshot) in snapshots) body.Add(new Assign(new VarRef(snapshot), new VarRef(variable)));
            body.AddRange(Reverse(loop.Body));
            foreach (var (variable, snapshot) in snapshots) body.Add(new Assign(new VarRef(variable), new VarRef(snapshot)));
            return new List<Stmt> { new Loop(LoopForm.For, loop.Source.Initializer, loop.Source.Condition, ToBlock(body), loop.Source.Increment) };
        }

        // ------------------------------------------------------------------ forward sweep

        private List<Stmt> Forward(Node node)
        {
            var output = new List<Stmt>();
            switch (node)
            {
                case BlockNode b:
                    foreach (Node child in b.Children) output.AddRange(Forward(child));
                    break;
                case StmtNode s:
                    ForwardStatement(s, output);
                    break;
                case IfNode i:
                    {
                        List<Stmt> then = Forward(i.Then);
                        List<Stmt> otherwise = Forward(i.Else);
                        Expr condition = i.Condition;
                        if (_plan.HasReverse(i) && !_plan.ReEvaluates(i) && _plan.SelectionOf(i.Loop) is null)
                        {
                            if (i.Loop is not null)
                            {
                                Variable tape = Tape(TypeRef.Int32);
                                then.Add(new TapePush(tape, new IntConst(1, ScalarKind.Int32)));
                                otherwise.Add(new TapePush(tape, new IntConst(0, ScalarKind.Int32)));
                            }
                            else
                            {
                                Variable flag = _plan.BranchFlags[i];
                                output.Add(new Assign(new VarRef(flag), condition));
                                condition = new VarRef(flag);
                            }
                        }

                        output.Add(new If(condition, ToBlock(then), ToBlock(otherwise)));
                        break;
                    }

                case LoopNode l:
                    ForwardLoop(l, output);
                    break;
            }

            return output;
        }

        private void ForwardStatement(StmtNode s, List<Stmt> output)
        {
            Selection? selection = _plan.SelectionOf(s.Loop);
            if (selection is { KeptWhen: { } wins } && selection.Selected == s)
            {
                // m = Math.Max(m, e): the iteration is kept when e wins, which reads m before it changes.
                output.Add(new If(wins, ToBlock(RecordSelection(s.Loop!, selection)), Block.Empty));
            }

            if (_plan.Saves(s) && s.Target is { } target && AnalysisTree.InverseStep(s) is null)
            {
                Expr old = s.ElementIndex is null ? new VarRef(target) : new ElementAccess(new VarRef(target), s.ElementIndex);
                if (s.Loop is not null)
                {
                    // Booleans travel on the int tape as 1 and 0.
                    Expr value = old.Type.IsBoolean ? new Conditional(old, new IntConst(1, ScalarKind.Int32), new IntConst(0, ScalarKind.Int32), TypeRef.Int32) : old;
                    output.Add(new TapePush(Tape(old.Type), value));
                }
                else
                {
                    Variable slot = SaveSlot(s, old.Type);
                    output.Add(new Assign(new VarRef(slot), old));
                }
            }

            switch (s.Statement)
            {
                case Declare { Init: NewArray { IsStackalloc: false } created } d when _poolable.Contains(d.Var.Id):
                    {
                        // Rented, zeroed, returned at the end: the same elements as new T[n], no allocation.
                        Variable view = new(_nextId++, d.Var.Name, d.Var.Type.WithShape(Shape.Span), VariableKind.Local);
                        Variable owner = NewVariable(d.Var.Name + "Buffer", ScratchBufferType(d.Var.Type.Element));
                        output.Add(new Assign(new VarRef(owner), new RentBuffer(owner, created.Length)));
                        output.Add(new Assign(new VarRef(view), new MemberRead(new VarRef(owner), "Span", view.Type)));
                        _disposables.Add(owner);
                        _pooled[d.Var.Id] = view;
                        AllocateAdjointArray(d.Var, created);
                        output.AddRange(_pendingAllocations);
                        _pendingAllocations.Clear();
                        break;
                    }

                case Declare d:
                    output.Add(new Assign(new VarRef(d.Var), d.Init!));
                    if (d.Init is NewArray allocation)
                    {
                        AllocateAdjointArray(d.Var, allocation);
                        output.AddRange(_pendingAllocations);
                        _pendingAllocations.Clear();
                    }

                    break;
                case Return r:
                    output.Add(new Assign(new VarRef(_result), r.Value!));
                    break;
                default:
                    output.Add(s.Statement);
                    break;
            }

            if (selection is { KeptWhen: null } && selection.Selected == s)
            {
                output.AddRange(RecordSelection(s.Loop!, selection));
            }
        }

        /// <summary>Records the current iteration as the selection loop's last kept one.</summary>
        private List<Stmt> RecordSelection(LoopNode loop, Selection selection) => new()
        {
            new Assign(new VarRef(selection.LastCounter), new VarRef(_plan.Counting(loop)!.Counter)),
            new Assign(new VarRef(selection.SelectedRan), new BoolConst(true)),
        };

        private readonly List<Stmt> _pendingAllocations = new();

        /// <summary>The adjoint buffer beside an active local array: stackalloc'd like it, or rented.</summary>
        private void AllocateAdjointArray(Variable array, NewArray allocation)
        {
            if (!IsActiveVariable(array)) return;
            Variable adjoint = ArrayAdjointOf(array);
            Expr length = new LengthOf(new VarRef(array));
            if (allocation.IsStackalloc)
            {
                _pendingAllocations.Add(new Assign(new VarRef(adjoint), new NewArray(adjoint.Type, length, IsStackalloc: true)));
                return;
            }

            Variable buffer = NewVariable(adjoint.Name + "Buffer", ScratchBufferType(adjoint.Type.Element));
            _pendingAllocations.Add(new Assign(new VarRef(buffer), new RentBuffer(buffer, length)));
            _pendingAllocations.Add(new Assign(new VarRef(adjoint), new MemberRead(new VarRef(buffer), "Span", adjoint.Type)));
            _disposables.Add(buffer);
        }

        private readonly Dictionary<StmtNode, Variable> _saveSlots = new();

        private Variable SaveSlot(StmtNode s, TypeRef type)
        {
            if (!_saveSlots.TryGetValue(s, out Variable? slot))
            {
                slot = NewVariable("_saved_" + s.Target!.Name, type);
                _saveSlots[s] = slot;
            }

            return slot;
        }

        private void ForwardLoop(LoopNode l, List<Stmt> output)
        {
            List<Stmt> body = Forward(l.Body);
            if (_plan.Counting(l) is { } counting)
            {
                if (_plan.SelectionOf(l) is { Selected.Target: { } kept } selection)
                {
                    if (selection.SavedBefore is not null) output.Add(new Assign(new VarRef(selection.SavedBefore), new VarRef(kept)));
                    output.Add(new Assign(new VarRef(selection.SelectedRan), new BoolConst(false)));
                }

                ReserveTapes(l, counting, output);

                output.Add(new Loop(LoopForm.For, l.Source.Initializer, l.Source.Condition, ToBlock(body), l.Source.Increment));
                return;
            }

            output.AddRange(Forward(l.Init));
            if (_plan.TripCounters.TryGetValue(l, out Variable? trips))
            {
                output.Add(new Assign(new VarRef(trips), new IntConst(0, ScalarKind.Int32)));
                body.Insert(0, new Assign(new VarRef(trips), new Binary(BinaryOp.Add, new VarRef(trips), new IntConst(1, ScalarKind.Int32), TypeRef.Int32)));
            }

            body.AddRange(Forward(l.Increment));
            LoopForm kind = l.Source.Kind == LoopForm.DoWhile ? LoopForm.DoWhile : LoopForm.While;
            output.Add(new Loop(kind, Block.Empty, l.Source.Condition, ToBlock(body), Block.Empty));
            if (trips is not null && l.Loop is not null)
            {
                output.Add(new TapePush(Tape(TypeRef.Int32), new VarRef(trips)));
            }
        }

        /// <summary>
        /// Before a counting loop, makes room on each tape for what every iteration pushes (the saves of
        /// statements at the top level of its body, the decision of each recorded branch there), so that
        /// the tape does not grow one doubling at a time while the loop runs.
        /// </summary>
        private void ReserveTapes(LoopNode l, CountingLoop counting, List<Stmt> output)
        {
            if (counting.Counter.Type.Scalar != ScalarKind.Int32) return;
            var perIteration = new List<(Variable Tape, int Pushes)>();
            foreach (Node child in l.Body.Children)
            {
                Variable? tape = child switch
                {
                    StmtNode { Target: { } target } s when _plan.Saves(s) && AnalysisTree.InverseStep(s) is null => Tape(s.ElementIndex is null ? target.Type : target.Type.Element),
                    IfNode i when _plan.HasReverse(i) && !_plan.ReEvaluates(i) && _plan.SelectionOf(l) is null => Tape(TypeRef.Int32),
                    _ => null,
                };
                if (tape is null) continue;
                int index = perIteration.FindIndex(p => p.Tape.Id == tape.Id);
                if (index < 0) perIteration.Add((tape, 1));
                else perIteration[index] = (tape, perIteration[index].Pushes + 1);
            }

            if (perIteration.Count == 0) return;
            var one = new IntConst(1, ScalarKind.Int32);
            Expr trips = counting.Ascending
                ? counting.Start is IntConst { Value: 0 } ? counting.Bound : new Binary(BinaryOp.Subtract, counting.Bound, counting.Start, TypeRef.Int32)
                : new Binary(BinaryOp.Subtract, counting.Start, counting.Bound, TypeRef.Int32);
            if (counting.Inclusive) trips = new Binary(BinaryOp.Add, trips, one, TypeRef.Int32);
            foreach ((Variable tape, int pushes) in perIteration)
            {
                Expr count = pushes == 1 ? trips : new Binary(BinaryOp.Multiply, new IntConst(pushes, ScalarKind.Int32), trips, TypeRef.Int32);
                output.Add(new TapeReserve(tape, count));
            }
        }

        private static Block ToBlock(List<Stmt> statements) => new(statements.ToEquatableArray());


        // ------------------------------------------------------------------ reverse sweep

        private List<Stmt> Reverse(Node node)
        {
            var output = new List<Stmt>();
            if (!_plan.HasReverse(node)) return output;
            switch (node)
            {
                case BlockNode b:
                    {
                        // Recompute this block's recomputable locals, into fresh variables that the
                        // reverse code of the block reads instead.
                        // In a fused loop the forward work of the same iteration has just computed them.
                        var renamed = new Dictionary<int, Expr>();
                        foreach (Node child in b.Children)
                        {
                            if (b.Loop is not null && b.Loop == _plan.Fused?.Loop) break;
                            if (child is StmtNode { Target: { } v } s && _plan.Recomputation.IsRecomputable(s) && _plan.Recomputation.IsNeeded(v.Id))
                            {
                                Variable fresh = new(_nextId++, v.Name, v.Type, VariableKind.Local);
                                output.Add(new Assign(new VarRef(fresh), IrRewriter.Substitute(AnalysisTree.RecomputedValue(s), renamed)));
                                renamed[v.Id] = new VarRef(fresh);
                            }
                        }

                        int recomputed = output.Count;
                        for (int i = b.Children.Count - 1; i >= 0; i--)
                        {
                            output.AddRange(Reverse(b.Children[i]));
                        }

                        for (int i = recomputed; i < output.Count; i++)
                        {
                            output[i] = IrRewriter.Substitute(output[i], renamed);
                        }

                        break;
                    }

                case StmtNode s:
                    {
                        var restore = new List<Stmt>();
                        if (_plan.Saves(s) && AnalysisTree.InverseStep(s) is { } undo)
                        {
                            restore.Add(undo);
                        }
                        else if (_plan.Saves(s) && s.Target is { } target)
                        {
                            Expr place = s.ElementIndex is null ? new VarRef(target) : new ElementAccess(new VarRef(target), s.ElementIndex);
                            Expr saved = s.Loop is null
                                ? new VarRef(SaveSlot(s, place.Type))
                                : place.Type.IsBoolean
                                    ? new Binary(BinaryOp.NotEquals, new TapePop(Tape(place.Type), TypeRef.Int32), new IntConst(0, ScalarKind.Int32), TypeRef.Boolean)
                                    : new TapePop(Tape(place.Type), place.Type);
                            restore.Add(new Assign(place, saved));
                        }

                        if (s.CoreBeforeRestore)
                        {
                            output.AddRange(s.Core);
                            output.AddRange(restore);
                        }
                        else
                        {
                            output.AddRange(restore);
                            output.AddRange(s.Core);
                        }

                        break;
                    }

                case IfNode i:
                    {
                        Expr condition = _plan.ReEvaluates(i)
                            ? i.Condition
                            : _plan.BranchFlags.TryGetValue(i, out Variable? flag)
                                ? new VarRef(flag)
                                : new Binary(BinaryOp.NotEquals, new TapePop(Tape(TypeRef.Int32), TypeRef.Int32), new IntConst(0, ScalarKind.Int32), TypeRef.Boolean);
                        output.Add(new If(condition, ToBlock(Reverse(i.Then)), ToBlock(Reverse(i.Else))));
                        break;
                    }

                case LoopNode l:
                    ReverseLoop(l, output);
                    break;
            }

            return output;
        }

        private void ReverseLoop(LoopNode l, List<Stmt> output)
        {
            if (_plan.SelectionOf(l) is { } selection)
            {
                // A selection loop: the adjoint code of its last selecting iteration, if there was one.
                var last = new Dictionary<int, Expr> { [_plan.Counting(l)!.Counter.Id] = new VarRef(selection.LastCounter) };
                List<Stmt> core = selection.KeptCore.Select(s => IrRewriter.Substitute(s, last)).ToList();
                output.Add(new If(new VarRef(selection.SelectedRan), ToBlock(core), Block.Empty));
                if (selection.SavedBefore is not null) output.Add(new Assign(new VarRef(selection.Selected.Target!), new VarRef(selection.SavedBefore)));
                return;
            }

            if (_plan.Counting(l) is { } c)
            {
                // for (int i = a; i < b; i++)  is reversed as  for (int i = b - 1; i >= a; i--)
                Variable counter = new(_nextId++, c.Counter.Name, c.Counter.Type, VariableKind.Local);
                var one = new IntConst(1, c.Counter.Type.Scalar);
                Expr first = c.Inclusive ? c.Bound : new Binary(c.Ascending ? BinaryOp.Subtract : BinaryOp.Add, c.Bound, one, c.Counter.Type);
                Expr condition = new Binary(c.Ascending ? BinaryOp.GreaterOrEqual : BinaryOp.LessOrEqual, new VarRef(counter), c.Start, TypeRef.Boolean);
                Stmt step = new Assign(new VarRef(counter), new Binary(c.Ascending ? BinaryOp.Subtract : BinaryOp.Add, new VarRef(counter), one, c.Counter.Type));
                var renamed = new Dictionary<int, Expr> { [c.Counter.Id] = new VarRef(counter) };
                List<Stmt> body = Reverse(l.Body).Select(s => IrRewriter.Substitute(s, renamed)).ToList();
                output.Add(new Loop(LoopForm.For, Block.Of(new Declare(counter, first)), condition, ToBlock(body), Block.Of(step)));
                return;
            }

            Variable trips = _plan.TripCounters[l];
            if (l.Loop is not null)
            {
                output.Add(new Assign(new VarRef(trips), new TapePop(Tape(TypeRef.Int32), TypeRef.Int32)));
            }

            Variable k = NewVariable("_k", TypeRef.Int32);
            var reverseBody = new List<Stmt>();
            reverseBody.AddRange(Reverse(l.Increment));
            reverseBody.AddRange(Reverse(l.Body));
            output.Add(new Loop(
                LoopForm.For,
                Block.Of(new Declare(k, new VarRef(trips))),
                new Binary(BinaryOp.GreaterThan, new VarRef(k), new IntConst(0, ScalarKind.Int32), TypeRef.Boolean),
                ToBlock(reverseBody),
                Block.Of(new Assign(new VarRef(k), new Binary(BinaryOp.Subtract, new VarRef(k), new IntConst(1, ScalarKind.Int32), TypeRef.Int32)))));
            output.AddRange(Reverse(l.Init));
        }
    }
}
