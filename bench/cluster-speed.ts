// Speed and memory of the clustering engine on synthetic Italian and English tickets.
// Usage: npm run bench:cluster [-- --sizes 100000,1000000] [--json]
// Each size runs in its own process so that its peak RSS is its own.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { assignDocument, clusterDocuments, createRandom, type ClusterDocument } from "#app/services/clustering/index";
import { normalizedMutualInfo } from "#app/services/clustering/metrics";

// Problem types: a few phrasings per language; tickets mix them with openers, details and closers.
const PROBLEMS: Array<{ en: string[]; it: string[] }> = [
  {
    en: ["my card has not arrived yet", "still waiting for the new card", "the card was never delivered"],
    it: ["la carta non è ancora arrivata", "aspetto ancora la nuova carta", "la carta non mi è mai stata consegnata"],
  },
  {
    en: ["I was charged twice", "double charge on my account", "the same payment was taken two times"],
    it: ["mi avete addebitato due volte", "doppio addebito sul conto", "lo stesso pagamento è stato preso due volte"],
  },
  {
    en: ["I cannot log in to the app", "login fails with my password", "the app says my password is wrong"],
    it: [
      "non riesco ad accedere all'app",
      "l'accesso non funziona con la mia password",
      "l'app dice che la password è sbagliata",
    ],
  },
  {
    en: [
      "the app crashes when I open it",
      "the app keeps closing after the update",
      "the mobile app freezes on startup",
    ],
    it: [
      "l'app si chiude quando la apro",
      "dopo l'aggiornamento l'app continua a chiudersi",
      "l'applicazione si blocca all'avvio",
    ],
  },
  {
    en: ["I want to close my account", "please cancel my account", "how do I delete my account"],
    it: ["voglio chiudere il mio conto", "vi chiedo la chiusura del conto", "come faccio a cancellare il mio account"],
  },
  {
    en: ["my bill is too high", "the amount on the bill is wrong", "I was billed more than usual"],
    it: ["la bolletta è troppo alta", "l'importo della bolletta è sbagliato", "mi avete fatturato più del solito"],
  },
  {
    en: ["I have not received my refund", "where is my refund", "the refund is still missing"],
    it: ["non ho ricevuto il rimborso", "dov'è il mio rimborso", "il rimborso non è ancora arrivato"],
  },
  {
    en: [
      "the package was delivered to the wrong address",
      "my parcel went to another address",
      "the courier left the order at the wrong house",
    ],
    it: [
      "il pacco è stato consegnato all'indirizzo sbagliato",
      "il corriere ha lasciato l'ordine a un altro indirizzo",
      "la spedizione è finita a un altro indirizzo",
    ],
  },
  {
    en: ["the order arrived damaged", "the product was broken in the box", "the item is damaged"],
    it: ["l'ordine è arrivato danneggiato", "il prodotto era rotto nella scatola", "l'articolo è danneggiato"],
  },
  {
    en: [
      "I want to change my delivery address",
      "please update my shipping address",
      "how can I change the address for delivery",
    ],
    it: [
      "vorrei cambiare l'indirizzo di consegna",
      "aggiornate l'indirizzo di spedizione",
      "come posso modificare l'indirizzo per la consegna",
    ],
  },
  {
    en: ["the internet connection keeps dropping", "my wifi disconnects every hour", "the router loses the connection"],
    it: [
      "la connessione internet cade continuamente",
      "il wifi si disconnette ogni ora",
      "il modem perde la connessione",
    ],
  },
  {
    en: [
      "the internet is very slow",
      "download speed is much lower than promised",
      "my broadband is slow in the evening",
    ],
    it: ["internet è lentissimo", "la velocità di download è molto più bassa del previsto", "la linea è lenta la sera"],
  },
  {
    en: [
      "I did not receive the verification code",
      "the sms code never arrives",
      "no one-time password by text message",
    ],
    it: [
      "non ricevo il codice di verifica",
      "il codice sms non arriva mai",
      "non mi arriva la password temporanea via sms",
    ],
  },
  {
    en: ["my card was blocked", "the card is declined at the shop", "payment with the card is refused"],
    it: [
      "la carta è stata bloccata",
      "la carta viene rifiutata al negozio",
      "il pagamento con la carta viene rifiutato",
    ],
  },
  {
    en: ["I lost my card", "my card was stolen", "I need to freeze my stolen card"],
    it: ["ho perso la carta", "mi hanno rubato la carta", "devo bloccare la carta rubata"],
  },
  {
    en: [
      "the transfer has not reached the recipient",
      "my bank transfer is pending for days",
      "the money I sent did not arrive",
    ],
    it: [
      "il bonifico non è arrivato al destinatario",
      "il bonifico è in sospeso da giorni",
      "i soldi che ho inviato non sono arrivati",
    ],
  },
  {
    en: ["I want to change my phone plan", "how do I switch to another tariff", "please move me to a cheaper plan"],
    it: ["vorrei cambiare piano tariffario", "come passo a un'altra offerta", "spostatemi su un piano più economico"],
  },
  {
    en: ["there is no mobile signal at home", "no network coverage in my area", "calls drop because of bad signal"],
    it: [
      "non c'è segnale a casa",
      "nessuna copertura di rete nella mia zona",
      "le chiamate cadono per il segnale debole",
    ],
  },
  {
    en: ["the invoice is missing from my account", "I cannot download my invoice", "please send me the invoice"],
    it: ["manca la fattura nel mio account", "non riesco a scaricare la fattura", "mandatemi la fattura per favore"],
  },
  {
    en: ["I want to return the product", "how do I send the item back", "I need a return label"],
    it: ["voglio restituire il prodotto", "come faccio il reso dell'articolo", "mi serve l'etichetta per il reso"],
  },
  {
    en: ["the order is late", "my order has not shipped yet", "the delivery is delayed by a week"],
    it: [
      "l'ordine è in ritardo",
      "il mio ordine non è ancora stato spedito",
      "la consegna è in ritardo di una settimana",
    ],
  },
  {
    en: ["the promo code does not work", "the discount was not applied", "my coupon is rejected at checkout"],
    it: [
      "il codice promozionale non funziona",
      "lo sconto non è stato applicato",
      "il coupon viene rifiutato al pagamento",
    ],
  },
  {
    en: [
      "I want to unsubscribe from the newsletter",
      "stop sending me marketing emails",
      "too many promotional messages",
    ],
    it: [
      "voglio disiscrivermi dalla newsletter",
      "smettete di mandarmi email pubblicitarie",
      "troppi messaggi promozionali",
    ],
  },
  {
    en: [
      "the technician did not show up",
      "the installation appointment was missed",
      "nobody came for the installation",
    ],
    it: [
      "il tecnico non si è presentato",
      "l'appuntamento per l'installazione è saltato",
      "non è venuto nessuno per l'installazione",
    ],
  },
  {
    en: [
      "I was put on hold for an hour",
      "nobody answers the phone at customer service",
      "the call centre waiting time is too long",
    ],
    it: [
      "sono rimasto in attesa un'ora",
      "al servizio clienti non risponde nessuno",
      "l'attesa al call center è troppo lunga",
    ],
  },
  {
    en: ["the operator was rude", "the agent hung up on me", "I want to complain about the staff"],
    it: [
      "l'operatore è stato scortese",
      "l'operatore mi ha chiuso il telefono in faccia",
      "voglio fare un reclamo sul personale",
    ],
  },
  {
    en: [
      "I want to update my personal data",
      "please correct my name on the account",
      "how can I change my email address",
    ],
    it: [
      "vorrei aggiornare i miei dati personali",
      "correggete il mio nome sull'account",
      "come cambio il mio indirizzo email",
    ],
  },
  {
    en: [
      "the contract was activated without my consent",
      "I never signed this contract",
      "unauthorised contract activation",
    ],
    it: [
      "il contratto è stato attivato senza il mio consenso",
      "non ho mai firmato questo contratto",
      "attivazione del contratto non autorizzata",
    ],
  },
  {
    en: ["the direct debit failed", "my automatic payment did not go through", "the monthly debit was rejected"],
    it: [
      "l'addebito diretto non è andato a buon fine",
      "il pagamento automatico non è passato",
      "l'addebito mensile è stato respinto",
    ],
  },
  {
    en: ["the meter reading is wrong", "you estimated my consumption incorrectly", "my gas reading is not right"],
    it: [
      "la lettura del contatore è sbagliata",
      "avete stimato male i miei consumi",
      "la lettura del gas non è corretta",
    ],
  },
  {
    en: ["there is a power outage at my home", "no electricity since this morning", "the power keeps going off"],
    it: ["c'è un blackout a casa mia", "niente corrente da stamattina", "la luce continua a saltare"],
  },
  {
    en: [
      "I want to know the status of my complaint",
      "no answer to my previous ticket",
      "my complaint has been open for weeks",
    ],
    it: [
      "vorrei sapere lo stato del mio reclamo",
      "nessuna risposta alla mia segnalazione precedente",
      "il mio reclamo è aperto da settimane",
    ],
  },
  {
    en: [
      "the website gives an error at checkout",
      "the payment page does not load",
      "I get an error when I pay online",
    ],
    it: [
      "il sito dà errore al pagamento",
      "la pagina di pagamento non si carica",
      "ricevo un errore quando pago online",
    ],
  },
  {
    en: [
      "I want to add a new user to my account",
      "how do I share the subscription with my family",
      "add my partner to the plan",
    ],
    it: [
      "vorrei aggiungere un utente al mio account",
      "come condivido l'abbonamento con la famiglia",
      "aggiungete mio marito al piano",
    ],
  },
  {
    en: [
      "my subscription renewed without notice",
      "I was charged for the renewal I did not want",
      "cancel the automatic renewal",
    ],
    it: [
      "l'abbonamento si è rinnovato senza preavviso",
      "mi avete addebitato un rinnovo che non volevo",
      "annullate il rinnovo automatico",
    ],
  },
  {
    en: [
      "the warranty repair is taking too long",
      "my device is still at the repair centre",
      "when will the repair be finished",
    ],
    it: [
      "la riparazione in garanzia ci mette troppo",
      "il dispositivo è ancora al centro assistenza",
      "quando sarà finita la riparazione",
    ],
  },
];
const OPENERS = {
  en: ["", "Hello, ", "Hi, ", "Good morning, ", "Dear support, "],
  it: ["", "Buongiorno, ", "Salve, ", "Ciao, ", "Gentile assistenza, "],
};
const DETAILS = {
  en: [
    "Order {n}.",
    "My email is {email}.",
    "Call me at {phone}.",
    "It happened on {d}/11.",
    "I paid {n} euro.",
    "This is the third time.",
    "It is urgent.",
    "",
  ],
  it: [
    "Ordine {n}.",
    "La mia email è {email}.",
    "Chiamatemi al {phone}.",
    "È successo il {d}/11.",
    "Ho pagato {n} euro.",
    "È la terza volta.",
    "È urgente.",
    "",
  ],
};
const CLOSERS = {
  en: ["", " Thanks.", " Please help.", " Regards, Anna", " Thank you in advance."],
  it: ["", " Grazie.", " Aiutatemi per favore.", " Saluti, Marco", " Grazie in anticipo."],
};

export function syntheticTickets(count: number, seed: number): { docs: ClusterDocument[]; truth: Int32Array } {
  const random = createRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const docs: ClusterDocument[] = [];
  const truth = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    // Some problems are far more common than others, as in real queues.
    const type = Math.min(PROBLEMS.length - 1, Math.floor(PROBLEMS.length * random() ** 1.6));
    const language = random() < 0.6 ? "it" : "en";
    const phrases = PROBLEMS[type]![language];
    let text = pick(OPENERS[language]) + pick(phrases);
    if (random() < 0.3) text += `. ${pick(phrases)}`;
    const detail = pick(DETAILS[language])
      .replace("{n}", String(Math.floor(random() * 100000)))
      .replace("{email}", `user${Math.floor(random() * 1000)}@example.com`)
      .replace("{phone}", `+39 3${Math.floor(random() * 1e8)}`)
      .replace("{d}", String(1 + Math.floor(random() * 28)));
    text += `. ${detail}${pick(CLOSERS[language])}`;
    docs.push({ id: String(i), text });
    truth[i] = type;
  }
  return { docs, truth };
}

function runSize(size: number) {
  const { docs, truth } = syntheticTickets(size, 1);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const phases: Record<string, number> = {};
  let last = started;
  let phase = 0;
  const result = clusterDocuments(docs, {
    k: "auto",
    seed: 1,
    onProgress: (f) => {
      // Time spent between progress milestones, to see where it goes.
      for (const mark of [0.2, 0.6, 0.8, 1]) {
        if (f >= mark && phase < mark) {
          phases[`to${mark}`] = Math.round((performance.now() - last) / 100) / 10;
          last = performance.now();
          phase = mark;
        }
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const predicted = new Int32Array(size).fill(-1);
  result.clusters.forEach((c, index) => c.documentIds.forEach((id) => (predicted[Number(id)] = index)));
  // Incremental assignment of fresh tickets against the stored (JSON round-tripped) model.
  const model = JSON.parse(JSON.stringify(result.model)) as typeof result.model;
  const fresh = syntheticTickets(5000, 2).docs;
  assignDocument(model, fresh[0]!.text);
  const assignStarted = performance.now();
  let assigned = 0;
  for (const doc of fresh) if (assignDocument(model, doc.text).clusterIndex !== null) assigned++;
  const assignMs = (performance.now() - assignStarted) / fresh.length;
  return {
    documents: size,
    seconds: Math.round(seconds * 10) / 10,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    phases,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    clusters: result.clusters.length,
    problemTypes: PROBLEMS.length,
    nmi: Math.round(normalizedMutualInfo(truth, predicted) * 1000) / 10,
    unclustered: result.unclustered.length,
    modelKb: Math.round(JSON.stringify(result.model).length / 1024),
    assignMsPerDoc: Math.round(assignMs * 1000) / 1000,
    assignedShare: Math.round((assigned / fresh.length) * 1000) / 10,
    labels: result.clusters.slice(0, 5).map((c) => c.label),
  };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const { values } = isMain
  ? parseArgs({
      options: { sizes: { type: "string" }, child: { type: "string" }, json: { type: "boolean", default: false } },
    })
  : { values: { sizes: undefined, child: undefined, json: false } };
if (!isMain) {
  // Imported for its generator.
} else if (values.child) {
  console.log(JSON.stringify(runSize(Number(values.child))));
} else {
  const sizes = (values.sizes ?? "100000").split(",").map(Number);
  const self = fileURLToPath(import.meta.url);
  for (const size of sizes) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, "--child", String(size)], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    const figures = JSON.parse(child.stdout.trim().split("\n").pop()!) as ReturnType<typeof runSize>;
    if (values.json) console.log(JSON.stringify(figures));
    else
      console.log(
        `${figures.documents} tickets: ${figures.seconds} s (CPU ${figures.cpuSeconds} s; ${JSON.stringify(figures.phases)}), peak RSS ${figures.peakRssMb} MB, ${figures.clusters} clusters for ${figures.problemTypes} problem types (NMI ${figures.nmi}), ` +
          `${figures.unclustered} unclustered, model ${figures.modelKb} KB, assignment ${figures.assignMsPerDoc} ms/ticket (${figures.assignedShare}% assigned)\n  e.g. ${figures.labels.join(" | ")}`,
      );
  }
}
