// Regenerates common-passwords.txt beside this script.
//
// Usage (downloads nothing itself; install zxcvbn first, e.g. in a temp dir):
//   mkdir -p /tmp/pw && cd /tmp/pw && npm init -y && npm install zxcvbn@4.4.2
//   node generate-common-passwords.mjs /tmp/pw/node_modules/zxcvbn [count]
//
// Output: the top `count` (default 10000) entries of zxcvbn's ranked `passwords`
// frequency list, in rank order, followed by the additions below that the list
// lacks. One password a line, lower case, duplicates (case-insensitive) removed.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [packageDir, countArg] = process.argv.slice(2);
if (!packageDir) {
  console.error('usage: node generate-common-passwords.mjs <path-to-installed-zxcvbn> [count]');
  process.exit(2);
}
const count = countArg ? Number.parseInt(countArg, 10) : 10000;

const pkg = JSON.parse(readFileSync(join(resolve(packageDir), 'package.json'), 'utf8'));
if (pkg.name !== 'zxcvbn') {
  console.error(`${packageDir} is not the zxcvbn package (found ${pkg.name})`);
  process.exit(2);
}
if (pkg.version !== '4.4.2') {
  console.warn(`warning: expected zxcvbn 4.4.2, found ${pkg.version}`);
}

const require = createRequire(import.meta.url);
const lists = require(join(resolve(packageDir), 'lib', 'frequency_lists.js'));
const ranked = Array.isArray(lists.passwords) ? lists.passwords : String(lists.passwords).split(',');

// Common in Chinese-speaking populations (CSDN, Tianya, 7k7k, 12306 leak studies):
// digit and keyboard patterns, "love" number codes, pinyin words and names.
const chinese = `
123456789 12345678 11111111 00000000 88888888 66666666 123123123 1234567890 111111111
147258369 987654321 1111111111 a123456789 11223344 1qaz2wsx 789456123 87654321
qqqqqqqq 000000000 qwertyuiop qq123456 31415926 12344321 0000000000 asdfghjkl
1q2w3e4r 123456abc 0123456789 123654789 12121212 qazwsxedc abcd1234 12341234
110110110 asdasdasd 123456aa 22222222 123321123 abc123456 a12345678 123456123
a1234567 1234qwer qwertyui 123456789a aaaaaaaa 99999999 55555555 33333333 44444444
77777777 12345678a 1234567a 5201314 1314520 7758521 7758258 520520 521521 584520
520521 5211314 1314521 13145200 5201314520 woaini woaini1314 woaini520 woaini521
woaini123 woaini1314520 iloveyou1314 aini1314 a123456 a5201314 qq5201314 qq123123
qq111111 qq666666 qq888888 qweqwe qwe123 qwe123456 qweasd qweasd123 qweasdzxc
123qweasd 123qweasdzxc qaz123 qazwsx123 1qaz2wsx3edc 1qazxsw2 zaq12wsx zxc123
zxcvbnm123 asd123 asd123456 asdf1234 qwer1234 qwerasdf 1q2w3e 1q2w3e4r5t 1qaz2wsx3
a111111 a123123 aa123456 aa111111 a1b2c3 a1b2c3d4 abc12345 abcd12345 abcd123
123456a 123456q 123456qq 123456789q 1234abcd 1a2b3c q123456 w123456 z123456
s123456 123abc abc123abc aaa111 aaa123 a00000 a000000 147258 159357 159753 147852
147852369 963852741 741852963 369258147 321654987 258456 135792468 1357924680 12345654321
1234554321 123456654321 112233 11223344 123321 321321 3141592653 1233211234567
123456789123 12345678910 123456123456 11112222 11110000 10101010 20082008 201314
19491001 110120119 110110 12306 wangyut2 dearbook xiazhili zxcvbnm1 woaiwojia
zhongguo zhongguo123 beijing shanghai shenzhen guangzhou laopo laogong laopo520
baobao baobei baobei520 xiaoxiao tiantian nihao nihao123 wodemima mima123 mima123456
zhang123 wang123 li123456 liu123 chen123 yang123 huang123 zhao123 zhou123 wu123456
zhang123456 wang123456 liu123456 chen123456 yang123456 huang123456 zhao123456 zhou123456
zhangwei wangwei wangfang liwei liuwei lina lijing zhangmin zhangli wangjing wangli
zhangjing lijun liqiang wangqiang zhangyong wangyong wangjun zhangjun lijie wangjie
zhangjie liuyang wangyan lixia zhangtao wanglei wangping chenjie chenjing
zhangwei123 wangwei123 liwei123 liuyang123 wangjing123 zhangjie123
`;

// Weak passwords that pass typical complexity rules; common where such rules are
// enforced (corporate defaults and "upper + lower + digit + symbol" variants).
const complexityPassing = `
p@ssw0rd password1! password123! passw0rd! p@ssword p@ssword1 p@ssw0rd1 p@ssw0rd123
p@ssw0rd! p@55w0rd password@123 password@1 welcome1! welcome@123 welcome123! qwerty123!
qwerty1! qwerty@123 admin@123 admin123! admin@1234 admin@123456 abc@123 abc@1234
abc@123456 abcd@1234 abcd@123 aa123456! aa@123456 a123456! a123456@ 1qaz@wsx 1qaz!qaz
1qaz2wsx! !qaz2wsx !qaz@wsx zaq1@wsx 1qaz@wsx3edc qwer@1234 qwer!234 test@123 test@1234
root@123 root@1234 huawei@123 huawei12#$ changeme123! letmein1! iloveyou1! woaini@1314
woaini1314! qq@123456 abc123!@# 123456aa! 1234qwer! qwe!@#123 !@#123qwe 123qwe!@#
`;

const additions = [chinese, complexityPassing].flatMap((block) => block.split(/\s+/).filter(Boolean));

const seen = new Set();
const out = [];
const add = (word) => {
  const w = word.trim().toLowerCase();
  if (!w || /[\p{Cc}\s]/u.test(w) || seen.has(w)) {
    return;
  }
  seen.add(w);
  out.push(w);
};

for (const word of ranked) {
  if (out.length >= count) {
    break;
  }
  add(word);
}
const fromZxcvbn = out.length;
for (const word of additions) {
  add(word);
}

const target = join(dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt');
writeFileSync(target, out.join('\n') + '\n', 'utf8');
console.log(`wrote ${out.length} passwords (${fromZxcvbn} from zxcvbn ${pkg.version}, ${out.length - fromZxcvbn} added) to ${target}`);
