;; The inner loops of the tree learners (treeWorker.mjs), in WebAssembly: histograms (about 4× faster than the same
;; loop in JavaScript, where bounds checks and scalar loads dominate; the gradient and hessian of a row are added as
;; one f64x2 pair), the partition of a node's rows, and adding leaf values to the raw scores (JavaScript loops over
;; shared memory are several times slower than over plain memory). Every sum is made in the order of the
;; JavaScript it replaces, so the results are bit-identical.
;;
;; Memory is the tree state's (see createState): row-major bin codes (u8, f per row), gradient/hessian pairs (f64,
;; 16 bytes per row), row indices (u32), histograms of f × 256 bins × (g, h, count) f64 = 6144 bytes per feature.
;; Assembled by test/analysis/histogramWasm.test.ts, which also checks the bytes embedded in histogramKernel.mjs.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Rows rows[from … to) (or from … to themselves when rows = 0), every feature 0 … f − 1.
  (func (export "accumulate")
    (param $rows i32) (param $from i32) (param $to i32) (param $f i32)
    (param $rowBins i32) (param $gh i32) (param $hist i32)
    (call $accumulate (local.get $rows) (local.get $from) (local.get $to) (local.get $f) (local.get $f)
      (local.get $rowBins) (local.get $gh) (local.get $hist)))

  ;; The loop itself, for bin rows `stride` bytes apart.
  (func $accumulate
    (param $rows i32) (param $from i32) (param $to i32) (param $f i32) (param $stride i32)
    (param $rowBins i32) (param $gh i32) (param $hist i32)
    (local $i i32) (local $r i32) (local $p i32) (local $end i32) (local $k i32) (local $a i32)
    (local $pair v128)
    (local.set $i (local.get $from))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (if (local.get $rows)
          (then (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2))))))
          (else (local.set $r (local.get $i))))
        (local.set $pair (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $p (i32.add (local.get $rowBins) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $end (i32.add (local.get $p) (local.get $f)))
        (local.set $k (local.get $hist))
        (loop $feature
          (local.set $a (i32.add (local.get $k) (i32.mul (i32.load8_u (local.get $p)) (i32.const 24))))
          (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $pair)))
          (f64.store offset=16 (local.get $a) (f64.add (f64.load offset=16 (local.get $a)) (f64.const 1)))
          (local.set $k (i32.add (local.get $k) (i32.const 6144)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br_if $feature (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; `accumulate` for a row list spread thinly over the data: blocks of 64 rows have their gradient pairs and bin
  ;; rows copied to `scratch` first (1024 + 64 · ⌈f/16⌉·16 bytes), by loads that do not wait on one another, so the
  ;; cache misses overlap; the block is then added from there, in the same order.
  (func (export "accumulateGathered")
    (param $rows i32) (param $from i32) (param $to i32) (param $f i32)
    (param $rowBins i32) (param $gh i32) (param $hist i32) (param $scratch i32)
    (local $i i32) (local $b i32) (local $r i32) (local $m i32) (local $v i32) (local $stride i32)
    (local $bins i32) (local $src i32) (local $dst i32)
    (local.set $stride (i32.and (i32.add (local.get $f) (i32.const 15)) (i32.const -16)))
    (local.set $bins (i32.add (local.get $scratch) (i32.const 1024)))
    (local.set $i (local.get $from))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $m (i32.sub (local.get $to) (local.get $i)))
        (if (i32.gt_u (local.get $m) (i32.const 64)) (then (local.set $m (i32.const 64))))
        (local.set $b (i32.const 0))
        (loop $gather
          (local.set $r
            (i32.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $i) (local.get $b)) (i32.const 2)))))
          (v128.store (i32.add (local.get $scratch) (i32.shl (local.get $b) (i32.const 4)))
            (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
          (local.set $src (i32.add (local.get $rowBins) (i32.mul (local.get $r) (local.get $f))))
          (local.set $dst (i32.add (local.get $bins) (i32.mul (local.get $b) (local.get $stride))))
          (local.set $v (i32.const 0))
          (loop $copy
            (v128.store (i32.add (local.get $dst) (local.get $v)) (v128.load (i32.add (local.get $src) (local.get $v))))
            (local.set $v (i32.add (local.get $v) (i32.const 16)))
            (br_if $copy (i32.lt_u (local.get $v) (local.get $stride))))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br_if $gather (i32.lt_u (local.get $b) (local.get $m))))
        (call $accumulate (i32.const 0) (i32.const 0) (local.get $m) (local.get $f) (local.get $stride)
          (local.get $bins) (local.get $scratch) (local.get $hist))
        (local.set $i (i32.add (local.get $i) (local.get $m)))
        (br $block))))

  ;; The same for the nf features listed at features[0 … nf) (i32 feature numbers).
  (func (export "accumulateSome")
    (param $rows i32) (param $from i32) (param $to i32) (param $f i32)
    (param $rowBins i32) (param $gh i32) (param $hist i32) (param $features i32) (param $nf i32)
    (local $i i32) (local $r i32) (local $row i32) (local $q i32) (local $j i32) (local $a i32)
    (local $pair v128)
    (local.set $i (local.get $from))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (if (local.get $rows)
          (then (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2))))))
          (else (local.set $r (local.get $i))))
        (local.set $pair (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $row (i32.add (local.get $rowBins) (i32.mul (local.get $r) (local.get $f))))
        (local.set $q (i32.const 0))
        (block $noFeatures
          (br_if $noFeatures (i32.eqz (local.get $nf)))
          (loop $feature
            (local.set $j (i32.load (i32.add (local.get $features) (i32.shl (local.get $q) (i32.const 2)))))
            (local.set $a
              (i32.add
                (i32.add (local.get $hist) (i32.mul (local.get $j) (i32.const 6144)))
                (i32.mul (i32.load8_u (i32.add (local.get $row) (local.get $j))) (i32.const 24))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $pair)))
            (f64.store offset=16 (local.get $a) (f64.add (f64.load offset=16 (local.get $a)) (f64.const 1)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br_if $feature (i32.lt_u (local.get $q) (local.get $nf)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop))))

  ;; Stable partition of idx[from … to) (u32 rows) by one feature's column-major codes (u8 at column + row): codes
  ;; ≤ threshold go to left[…], the others to right[…], the missing code 255 left iff missingLeft. Branch free, as
  ;; the JavaScript it replaces: every row is written to both sides and only one cursor moves. Returns the end of
  ;; the left part (an index, from `from` on); right[from …] holds the rest.
  (func (export "partition")
    (param $idx i32) (param $from i32) (param $to i32) (param $column i32) (param $threshold i32)
    (param $missingLeft i32) (param $left i32) (param $right i32) (result i32)
    (local $i i32) (local $l i32) (local $r i32) (local $row i32) (local $b i32) (local $go i32)
    (local.set $i (local.get $from))
    (local.set $l (local.get $from))
    (local.set $r (local.get $from))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $row (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b (i32.load8_u (i32.add (local.get $column) (local.get $row))))
        (local.set $go
          (select (local.get $missingLeft) (i32.le_u (local.get $b) (local.get $threshold))
            (i32.eq (local.get $b) (i32.const 255))))
        (i32.store (i32.add (local.get $left) (i32.shl (local.get $l) (i32.const 2))) (local.get $row))
        (i32.store (i32.add (local.get $right) (i32.shl (local.get $r) (i32.const 2))) (local.get $row))
        (local.set $l (i32.add (local.get $l) (local.get $go)))
        (local.set $r (i32.add (local.get $r) (i32.sub (i32.const 1) (local.get $go))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $l))

  ;; raw[idx[i]] += value for i in from … to (f64 raw scores, u32 rows): a leaf's value added to its rows.
  (func (export "addToRows")
    (param $idx i32) (param $from i32) (param $to i32) (param $raw i32) (param $value f64)
    (local $i i32) (local $a i32)
    (local.set $i (local.get $from))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $a
          (i32.add (local.get $raw)
            (i32.shl (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $value)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out[feature] = Σ over chunks c = 0 … chunks − 1, in that order, of the chunk histograms' feature (6144 bytes
  ;; each, chunk histograms `stride` bytes apart), for the nf features listed at features[0 … nf) (i32).
  (func (export "mergeChunks")
    (param $chunkHist i32) (param $stride i32) (param $chunks i32) (param $features i32) (param $nf i32)
    (param $out i32)
    (local $q i32) (local $o i32) (local $k i32) (local $c i32) (local $sum v128)
    (local.set $q (i32.const 0))
    (block $noFeatures
      (br_if $noFeatures (i32.eqz (local.get $nf)))
      (loop $feature
        (local.set $o
          (i32.mul (i32.load (i32.add (local.get $features) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 6144)))
        (local.set $k (i32.const 0))
        (loop $pair
          (local.set $sum (v128.load (i32.add (i32.add (local.get $chunkHist) (local.get $o)) (local.get $k))))
          (local.set $c (i32.const 1))
          (block $merged
            (loop $chunk
              (br_if $merged (i32.ge_u (local.get $c) (local.get $chunks)))
              (local.set $sum
                (f64x2.add (local.get $sum)
                  (v128.load
                    (i32.add
                      (i32.add (local.get $chunkHist) (i32.mul (local.get $c) (local.get $stride)))
                      (i32.add (local.get $o) (local.get $k))))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br $chunk)))
          (v128.store (i32.add (i32.add (local.get $out) (local.get $o)) (local.get $k)) (local.get $sum))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $pair (i32.lt_u (local.get $k) (i32.const 6144))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br_if $feature (i32.lt_u (local.get $q) (local.get $nf))))))

  ;; Sorts n f64 values at `values` ascending in place (no NaN; −0 before +0, as Float64Array#sort), by an LSD
  ;; radix sort on their bits: keys that order like the numbers (all bits flipped for negatives, the sign bit for
  ;; the rest), four passes of 16 bits between `values` and `spare` (n · 8 bytes), counts at `counts` (256 KiB).
  (func (export "sortFloat64") (param $values i32) (param $spare i32) (param $counts i32) (param $n i32)
    (local $i i32) (local $a i32) (local $key i64) (local $pass i32) (local $shift i64) (local $d i32)
    (local $sum i32) (local $c i32) (local $src i32) (local $dst i32) (local $t i32)
    ;; Values to keys.
    (local.set $i (i32.const 0))
    (block $done (loop $keys
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $key (i64.load (local.get $a)))
      (i64.store (local.get $a)
        (select
          (i64.xor (local.get $key) (i64.const -1))
          (i64.xor (local.get $key) (i64.const 0x8000000000000000))
          (i64.lt_s (local.get $key) (i64.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $keys)))
    (local.set $src (local.get $values))
    (local.set $dst (local.get $spare))
    (local.set $pass (i32.const 0))
    (loop $passes
      (local.set $shift (i64.extend_i32_u (i32.mul (local.get $pass) (i32.const 16))))
      (memory.fill (local.get $counts) (i32.const 0) (i32.const 262144))
      (local.set $i (i32.const 0))
      (block $counted (loop $count
        (br_if $counted (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $d (i32.wrap_i64 (i64.and
          (i64.shr_u (i64.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))) (local.get $shift))
          (i64.const 0xffff))))
        (local.set $a (i32.add (local.get $counts) (i32.shl (local.get $d) (i32.const 2))))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count)))
      ;; Exclusive prefix sums.
      (local.set $sum (i32.const 0))
      (local.set $d (i32.const 0))
      (loop $prefix
        (local.set $a (i32.add (local.get $counts) (i32.shl (local.get $d) (i32.const 2))))
        (local.set $c (i32.load (local.get $a)))
        (i32.store (local.get $a) (local.get $sum))
        (local.set $sum (i32.add (local.get $sum) (local.get $c)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br_if $prefix (i32.lt_u (local.get $d) (i32.const 65536))))
      (local.set $i (i32.const 0))
      (block $scattered (loop $scatter
        (br_if $scattered (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $key (i64.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $d (i32.wrap_i64 (i64.and (i64.shr_u (local.get $key) (local.get $shift)) (i64.const 0xffff))))
        (local.set $a (i32.add (local.get $counts) (i32.shl (local.get $d) (i32.const 2))))
        (local.set $c (i32.load (local.get $a)))
        (i32.store (local.get $a) (i32.add (local.get $c) (i32.const 1)))
        (i64.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 3))) (local.get $key))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scatter)))
      (local.set $t (local.get $src))
      (local.set $src (local.get $dst))
      (local.set $dst (local.get $t))
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br_if $passes (i32.lt_u (local.get $pass) (i32.const 4))))
    ;; After four passes the sorted keys are back in `values`: keys to values.
    (local.set $i (i32.const 0))
    (block $back (loop $values
      (br_if $back (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $key (i64.load (local.get $a)))
      (i64.store (local.get $a)
        (select
          (i64.xor (local.get $key) (i64.const 0x8000000000000000))
          (i64.xor (local.get $key) (i64.const -1))
          (i64.lt_s (local.get $key) (i64.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $values))))
)
