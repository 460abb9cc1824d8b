import type { Channel, TicketStatus } from "#db/schema/enums";

/*
 * Support tickets of a telecom and retail contact centre, for the demo database and the
 * sample helpdesk export. No database here: a seeded random source in, plain tickets out.
 * Each ticket is put together from parts (opener, one to three sentences about its problem,
 * sometimes a detail and a closing), so that no two read like copies.
 */

export type Language = "it" | "en";

type Texts = {
  subjects: string[];
  /** What the customer says about the problem, one complete sentence each. */
  sentences: string[];
  /** Sentences that need one of `sentences` before them (what was tried, what is wanted). */
  followUps: string[];
  /** References a customer quotes for this problem, already masked. */
  refs: string[];
};

export type Problem = {
  key: string;
  /** Tickets a week, oldest week first is scaled by `trend` towards the newest. */
  perWeek: number;
  trend: number;
  channels: Channel[];
  /** Share of good CSAT ratings. */
  csat: number;
  /** Median hours to first response and to resolution. */
  firstResponse: number;
  resolution: number;
  it: Texts;
  en: Texts;
};

// Most customers write in Italian; the rest are foreign customers writing in English.
const ENGLISH_SHARE = 0.12;

export const problems: Problem[] = [
  {
    key: "billing",
    perWeek: 22,
    trend: 1,
    channels: ["phone", "email", "chat"],
    csat: 0.55,
    firstResponse: 6,
    resolution: 60,
    it: {
      subjects: [
        "Importo errato in bolletta",
        "Bolletta troppo alta",
        "Conguaglio non chiaro",
        "Addebito doppio sul conto",
        "Mi avete addebitato due volte",
        "Bolletta sbagliata",
        "Cos'è il conguaglio?",
        "Costi in più in bolletta",
        "Canone addebitato due volte",
        "Bolletta più cara del solito",
        "Voci che non capisco in bolletta",
        "Contestazione bolletta",
        "Richiesta storno addebito",
      ],
      sentences: [
        "In bolletta trovo un conguaglio che non capisco, l'importo è quasi il doppio del solito.",
        "Mi avete addebitato due volte il canone mensile sul conto corrente.",
        "La bolletta di questo mese è di 89 euro invece dei soliti 35.",
        "C'è una voce «conguaglio» che nessuno mi ha spiegato e che non avevo mai visto.",
        "Ho un'offerta a prezzo bloccato ma il canone in bolletta è aumentato.",
        "Vedo addebitati dei servizi che non ho mai attivato.",
        "Ho pagato la bolletta regolarmente e ora me la ritrovo addebitata di nuovo.",
        "Il totale della bolletta non corrisponde all'offerta che ho sottoscritto al telefono.",
        "L'operatore mi ha detto che è un conguaglio, ma di cosa si tratta esattamente?",
      ],
      followUps: ["Chiedo lo storno dell'importo addebitato in più."],
      refs: ["Codice cliente [masked].", "Bolletta n. [masked]."],
    },
    en: {
      subjects: [
        "Wrong amount on my bill",
        "Charged twice this month",
        "Bill much higher than usual",
        "What is this adjustment on my bill?",
        "Dispute a charge",
      ],
      sentences: [
        "My bill shows an adjustment I do not understand, it is almost twice the usual amount.",
        "I was charged twice for the monthly fee.",
        "This month's bill is 89 euros instead of the usual 35.",
        "I have a fixed-price plan but the monthly fee on the bill went up.",
      ],
      followUps: ["Please refund the extra amount you charged me."],
      refs: ["Customer code [masked]."],
    },
  },
  {
    key: "delivery",
    perWeek: 20,
    trend: 1.3,
    channels: ["phone", "chat", "messaging"],
    csat: 0.45,
    firstResponse: 4,
    resolution: 72,
    it: {
      subjects: [
        "Pacco non consegnato",
        "Consegna fallita",
        "Corriere mai passato",
        "Spedizione ferma da giorni",
        "Pacco in giacenza",
        "Ordine non ancora arrivato",
        "Tracciamento fermo",
        "Dov'è il mio pacco?",
        "Consegna mancata ma ero a casa",
        "Risulta consegnato ma non ho ricevuto nulla",
        "Ritardo nella consegna",
        "Ordine in ritardo di una settimana",
      ],
      sentences: [
        "Il corriere segna consegna fallita ma ero a casa tutto il giorno e nessuno ha suonato.",
        "Il tracciamento è fermo da cinque giorni sullo stato «in transito».",
        "Il pacco risulta consegnato ma non ho ricevuto niente, e nemmeno i vicini.",
        "La spedizione è in giacenza al deposito del corriere senza che mi sia arrivato alcun avviso.",
        "Dovevo ricevere l'ordine entro 48 ore e sono passati dieci giorni.",
        "Mi è arrivato un SMS con la consegna prevista per oggi, poi più nulla.",
        "Sul citofono c'è il mio nome, non capisco perché il corriere non abbia consegnato.",
        "Vorrei sapere dove si trova il mio pacco e quando verrà consegnato.",
        "È il secondo tentativo di consegna fallito, lavoro da casa e non è passato nessuno.",
      ],
      followUps: ["Ho provato a chiamare il corriere ma il numero non risponde mai."],
      refs: ["Ordine n. [masked].", "Numero di spedizione: [masked]."],
    },
    en: {
      subjects: [
        "Parcel not delivered",
        "Failed delivery attempt",
        "Courier never came",
        "Tracking not updated",
        "Where is my order?",
      ],
      sentences: [
        "Tracking says failed delivery but I was at home all day and nobody rang.",
        "The tracking has been stuck on 'in transit' for five days.",
        "The parcel shows as delivered but I have not received anything.",
        "My order should have arrived within 48 hours, it has been ten days.",
      ],
      followUps: ["The courier's phone number never answers."],
      refs: ["Order no. [masked]."],
    },
  },
  {
    key: "login",
    perWeek: 18,
    trend: 1.1,
    channels: ["chat", "social", "email"],
    csat: 0.6,
    firstResponse: 3,
    resolution: 20,
    it: {
      subjects: [
        "Non riesco ad accedere all'app",
        "Errore di accesso nell'app",
        "L'app non mi fa entrare",
        "App bloccata al login",
        "Dopo l'aggiornamento non accedo più",
        "Schermata bianca all'accesso",
        "L'app mi butta fuori",
        "Accesso impossibile dallo smartphone",
        "Errore generico all'accesso",
        "Il login dell'app non funziona",
        "L'app chiede sempre di accedere",
      ],
      sentences: [
        "Dopo l'ultimo aggiornamento l'app mostra «errore di accesso» anche con le credenziali giuste.",
        "Dal sito riesco a entrare, dall'app no.",
        "L'app si blocca su una schermata bianca subito dopo il login.",
        "Ogni volta che apro l'app mi chiede di accedere di nuovo e poi dà errore.",
        "Sul telefono Android l'app resta in caricamento e non entra mai.",
        "Il codice di verifica via SMS non arriva e l'app non mi fa proseguire.",
        "Compare il messaggio «sessione scaduta» appena entro.",
      ],
      followUps: [
        "Ho disinstallato e reinstallato l'app ma il problema rimane.",
        "Mia moglie ha lo stesso problema con il suo account su iPhone.",
        "Senza l'app non posso vedere i consumi né pagare.",
      ],
      refs: ["Versione dell'app: [masked]."],
    },
    en: {
      subjects: [
        "Cannot log in to the app",
        "App login error",
        "App stuck after login",
        "Login fails since the update",
      ],
      sentences: [
        "Since the latest update the app shows a login error even with the right credentials.",
        "I can sign in on the website but not in the app.",
        "The app freezes on a white screen right after I log in.",
        "I reinstalled the app but it still says session expired.",
        "The verification text never arrives, so the app won't let me in.",
      ],
      followUps: [],
      refs: [],
    },
  },
  {
    key: "returns",
    perWeek: 14,
    trend: 0.9,
    channels: ["store", "phone", "web_form"],
    csat: 0.6,
    firstResponse: 8,
    resolution: 96,
    it: {
      subjects: [
        "Reso rifiutato in negozio",
        "Come faccio il reso?",
        "Reso senza scontrino",
        "Il negozio non accetta il reso",
        "Reso in negozio di un acquisto online",
        "Modulo di reso non funziona",
        "Voglio restituire un prodotto",
        "Reso entro 30 giorni non accettato",
        "Etichetta di reso mai arrivata",
        "Problema con il reso",
        "Reso negato per confezione aperta",
      ],
      sentences: [
        "In negozio mi hanno rifiutato il reso perché non ho lo scontrino, ma l'acquisto l'ho fatto online.",
        "Ho mostrato la conferma d'ordine sul telefono ma il commesso voleva per forza lo scontrino.",
        "Il modulo di reso online chiede il numero dello scontrino, che per un ordine online non esiste.",
        "Sul sito c'è scritto reso gratuito entro 30 giorni, ma in negozio non l'hanno accettato.",
        "Mi hanno detto che la confezione aperta non si può rendere, ma il prodotto non funziona.",
        "Vorrei restituire delle cuffie che non mi servono, come devo fare?",
        "Ho chiesto l'etichetta per spedire il reso ma non mi è mai arrivata.",
        "In due negozi diversi mi hanno dato due risposte diverse sul reso.",
        "Non capisco se il reso si può fare solo in negozio o anche per posta.",
      ],
      followUps: ["Il prodotto è ancora sigillato e sono passati solo dieci giorni dall'acquisto."],
      refs: ["Ordine n. [masked].", "Numero d'ordine: [masked]."],
    },
    en: {
      subjects: [
        "Return refused in store",
        "How do I return an item?",
        "Store won't accept my return",
        "Return label never arrived",
      ],
      sentences: [
        "The store refused my return because I have no receipt, but I bought the item online.",
        "I showed the order confirmation on my phone but they insisted on a paper receipt.",
        "Your website says free returns within 30 days but the store would not take it back.",
        "I asked for a return label and never got it.",
        "I want to return headphones I don't need, what should I do?",
      ],
      followUps: [],
      refs: ["Order no. [masked]."],
    },
  },
  {
    key: "refunds",
    perWeek: 16,
    trend: 1.2,
    channels: ["email", "phone", "web_form"],
    csat: 0.4,
    firstResponse: 10,
    resolution: 140,
    it: {
      subjects: [
        "Rimborso non ancora arrivato",
        "Quando arriva il rimborso?",
        "Rimborso in attesa da settimane",
        "Reso accettato ma niente rimborso",
        "Rimborso non accreditato sulla carta",
        "Sollecito rimborso",
        "Rimborso in lavorazione da un mese",
        "Non ho ricevuto il rimborso",
        "Rimborso solo parziale",
        "Soldi non restituiti",
        "Stato del rimborso fermo",
      ],
      sentences: [
        "Il reso è stato accettato da due settimane ma il rimborso sulla carta non è ancora arrivato.",
        "La pagina dell'ordine dice «rimborso in lavorazione» da quasi un mese.",
        "Mi avevate detto 5-10 giorni lavorativi e ne sono passati venti.",
        "Ho ricevuto l'email di reso accettato ma nessun accredito sul conto.",
        "Mi è stata rimborsata solo una parte dell'importo, mancano le spese di spedizione.",
        "Ho pagato con PayPal e il rimborso non compare.",
        "È la terza volta che sollecito il rimborso e ogni volta mi dite di aspettare.",
      ],
      followUps: [
        "Vorrei una data precisa per l'accredito del rimborso.",
        "La banca dice che non risulta nessun rimborso in arrivo.",
        "Il prodotto è tornato al vostro magazzino il mese scorso, lo vedo dal tracciamento.",
      ],
      refs: ["Ordine n. [masked].", "Pratica di reso [masked]."],
    },
    en: {
      subjects: [
        "Refund not received",
        "Refund still processing",
        "When will I get my refund?",
        "Only part of my money refunded",
      ],
      sentences: [
        "My return was accepted two weeks ago but the refund has not reached my card.",
        "The order page has said 'refund processing' for almost a month.",
        "You told me 5 to 10 working days and it has been twenty.",
        "Only part of the amount was refunded, the shipping cost is missing.",
      ],
      followUps: ["My bank says there is no refund on its way."],
      refs: ["Order no. [masked]."],
    },
  },
  {
    key: "sim",
    perWeek: 12,
    trend: 1,
    channels: ["store", "phone", "chat"],
    csat: 0.65,
    firstResponse: 2,
    resolution: 12,
    it: {
      subjects: [
        "SIM non attiva",
        "Attivazione SIM bloccata",
        "Nuova SIM senza linea",
        "La SIM non funziona",
        "Portabilità ferma",
        "SIM non valida",
        "Nessun segnale con la nuova SIM",
        "SIM sostitutiva non attiva",
        "Non riesco a chiamare con la nuova SIM",
        "La eSIM non si attiva",
        "Numero non ancora trasferito",
      ],
      sentences: [
        "Ho inserito la nuova SIM ieri mattina ma dopo 24 ore non c'è ancora linea.",
        "Il telefono dice «SIM non valida» appena la inserisco.",
        "La portabilità del numero doveva completarsi in tre giorni, ne sono passati otto.",
        "Con la SIM sostitutiva non riesco né a chiamare né a usare internet.",
        "Il QR code della eSIM dà errore quando provo ad attivarla.",
        "In negozio mi hanno detto che l'attivazione è immediata, ma la SIM è ancora bloccata.",
        "Ricevo gli SMS ma non riesco a fare chiamate.",
        "Il vecchio operatore dice che la richiesta di portabilità non gli è mai arrivata.",
      ],
      followUps: [
        "Mi serve il numero attivo per lavoro, sono senza telefono da due giorni.",
        "Ho già riavviato il telefono e provato la SIM su un altro cellulare.",
      ],
      refs: ["Numero di linea [masked].", "Codice ICCID [masked]."],
    },
    en: {
      subjects: ["SIM not activated", "New SIM has no signal", "Number transfer stuck", "eSIM activation fails"],
      sentences: [
        "I inserted the new SIM yesterday morning and still have no signal.",
        "The phone says invalid SIM as soon as I put it in.",
        "The number transfer should take three days, it has been eight.",
        "The eSIM QR code gives an error when I try to activate it.",
        "I can receive texts but I cannot make calls.",
      ],
      followUps: [],
      refs: ["Line number [masked]."],
    },
  },
  {
    key: "roaming",
    perWeek: 8,
    trend: 1.6,
    channels: ["phone", "social", "messaging"],
    csat: 0.5,
    firstResponse: 5,
    resolution: 30,
    it: {
      subjects: [
        "Roaming non funziona all'estero",
        "Costi di roaming inattesi",
        "Internet non va all'estero",
        "Addebito roaming in Svizzera",
        "Nessuna rete in vacanza",
        "Traffico dati all'estero addebitato",
        "Roaming bloccato",
        "Non riesco a chiamare dall'estero",
        "Opzione estero non attiva",
        "Costi extra dopo il viaggio",
        "Non navigo in Spagna",
        "Soglia di traffico all'estero superata",
      ],
      sentences: [
        "Sono in Spagna per lavoro e il roaming dati non funziona, nessuna connessione.",
        "Al rientro da un viaggio in Svizzera ho trovato 60 euro di traffico dati.",
        "Pensavo che in Europa il roaming fosse incluso nella mia offerta.",
        "Il telefono vede la rete locale ma non riesco a navigare.",
        "Ho attivato l'opzione estero prima di partire, ma risulta non attiva.",
        "Da quando sono arrivato non riesco a chiamare in Italia.",
        "Mi è arrivato un SMS che dice che ho superato la soglia di traffico all'estero.",
        "Ero su una nave da crociera e mi avete addebitato il traffico satellitare senza avvisarmi.",
      ],
      followUps: [
        "Il roaming è attivo nelle impostazioni del telefono e ho già provato a riavviare.",
        "Tra due giorni riparto per la Francia e vorrei evitare lo stesso problema.",
      ],
      refs: ["Numero di linea [masked]."],
    },
    en: {
      subjects: [
        "Roaming not working abroad",
        "Unexpected roaming charges",
        "No data in Spain",
        "Charged for data in Switzerland",
      ],
      sentences: [
        "I am in Spain on business and data roaming does not work at all.",
        "After a trip to Switzerland I found 60 euros of data charges.",
        "I thought roaming in Europe was included in my plan.",
        "The phone sees the local network but I cannot browse.",
        "I activated the travel option before leaving but it shows as inactive.",
      ],
      followUps: [],
      refs: ["Line number [masked]."],
    },
  },
  {
    key: "invoices",
    perWeek: 10,
    trend: 0.8,
    channels: ["email", "web_form"],
    csat: 0.7,
    firstResponse: 12,
    resolution: 48,
    it: {
      subjects: [
        "Richiesta copia fattura",
        "Fattura elettronica non ricevuta",
        "Dove trovo il codice cliente?",
        "Mi serve la fattura in PDF",
        "Fattura intestata male",
        "Duplicato fattura",
        "Fattura con partita IVA",
        "Codice cliente introvabile",
        "Fatture degli ultimi mesi",
        "Non riesco a scaricare la fattura",
        "Correzione dati in fattura",
      ],
      sentences: [
        "Non ho ricevuto la fattura elettronica del mese scorso, mi serve una copia in PDF.",
        "Non trovo il codice cliente nella fattura, in quale punto è scritto?",
        "Il commercialista mi chiede le fatture degli ultimi sei mesi.",
        "Nell'area clienti il pulsante per scaricare la fattura non fa niente.",
        "La fattura è intestata al vecchio indirizzo, vorrei correggerla.",
        "Per la mia azienda serve la fattura con partita IVA e codice SDI.",
        "Mi chiedete il codice cliente per aprire la pratica ma non so dove trovarlo.",
        "Potete inviarmi un duplicato della fattura via email?",
        "La fattura elettronica risulta scartata dal sistema di interscambio.",
        "Mi serve la fattura d'acquisto per la garanzia del prodotto.",
      ],
      followUps: [],
      refs: ["Fattura n. [masked].", "Partita IVA [masked]."],
    },
    en: {
      subjects: [
        "Copy of invoice needed",
        "E-invoice not received",
        "Where is my customer code?",
        "Invoice with the wrong address",
      ],
      sentences: [
        "I did not receive last month's e-invoice, please send me a PDF copy.",
        "Where is the customer code on the invoice? I cannot find it.",
        "My accountant needs the invoices for the last six months.",
        "The download button for invoices in my account does nothing.",
        "The invoice shows my old address, could you correct it?",
      ],
      followUps: [],
      refs: ["Invoice no. [masked]."],
    },
  },
  {
    key: "password",
    perWeek: 12,
    trend: 1,
    channels: ["chat", "email", "phone"],
    csat: 0.7,
    firstResponse: 2,
    resolution: 6,
    it: {
      subjects: [
        "Reset password area clienti",
        "Password scaduta",
        "Non ricevo l'email di reset",
        "Link per la password non valido",
        "Password dimenticata",
        "Non riesco a cambiare la password",
        "Account bloccato dopo tre tentativi",
        "Email di recupero password mai arrivata",
        "Nuova password non accettata",
        "Area clienti: password rifiutata",
        "Recupero credenziali",
      ],
      sentences: [
        "La password dell'area clienti è scaduta e l'email per reimpostarla non arriva.",
        "Il link per cambiare la password dice «link scaduto o non valido».",
        "Ho sbagliato la password tre volte e ora l'account risulta bloccato.",
        "La nuova password non viene accettata anche se rispetta tutti i requisiti.",
        "Mi chiede di cambiare la password ogni due mesi e non me la ricordo mai.",
        "Ho dimenticato la password e l'indirizzo email registrato non lo uso più.",
        "Dopo il reset entro una volta e poi la password non funziona più.",
        "Il sito dice che la password deve contenere un carattere speciale, ma quale?",
        "Mia madre ha 80 anni e non riesce a completare la procedura di recupero.",
      ],
      followUps: ["Ho guardato anche nello spam, ma l'email di recupero non c'è."],
      refs: ["Codice cliente [masked]."],
    },
    en: {
      subjects: ["Password reset not working", "Password expired", "Reset email never arrives", "Account locked"],
      sentences: [
        "My account password expired and the reset email never arrives.",
        "The password reset link says it is invalid or expired.",
        "I got the password wrong three times and now my account is locked.",
        "The new password is rejected although it meets every rule.",
      ],
      followUps: ["I checked the spam folder too, there is no recovery email."],
      refs: [],
    },
  },
  {
    key: "pickup",
    perWeek: 8,
    trend: 1.2,
    channels: ["store", "phone", "messaging"],
    csat: 0.55,
    firstResponse: 5,
    resolution: 36,
    it: {
      subjects: [
        "Ritiro in negozio non pronto",
        "Ordine da ritirare non trovato",
        "Click and collect: ordine non pronto",
        "SMS di ritiro ma ordine assente",
        "Ritiro in negozio in ritardo",
        "Sono andato in negozio per niente",
        "Ordine non ancora in negozio",
        "Codice di ritiro non valido",
        "Ritiro negato in negozio",
        "Quando posso ritirare l'ordine?",
        "Ordine non pronto al banco ritiri",
        "Posso ritirare in un altro negozio?",
      ],
      sentences: [
        "Ho ricevuto l'SMS che l'ordine era pronto per il ritiro, ma al banco non lo trovavano.",
        "Sono andato in negozio due volte e l'ordine non era ancora arrivato.",
        "Il commesso dice che il codice di ritiro non risulta nel loro sistema.",
        "Avevo scelto il ritiro in negozio per averlo subito e sono passati quattro giorni.",
        "Il negozio non risponde al telefono e non so se il mio ordine è arrivato.",
        "Nell'app lo stato dice «pronto per il ritiro» da giorni, ma il negozio dice di no.",
        "Ho fatto 30 km per ritirare l'ordine e mi hanno detto di tornare la settimana prossima.",
        "L'ordine è stato rimandato al magazzino perché non l'ho ritirato in tempo, ma l'avviso era arrivato solo ieri.",
      ],
      followUps: [
        "Posso ritirare l'ordine in un altro punto vendita?",
        "Mi hanno chiesto un documento di chi ha pagato, ma avevo delegato mio figlio.",
      ],
      refs: ["Ordine n. [masked].", "Codice di ritiro [masked]."],
    },
    en: {
      subjects: [
        "Store pickup order not ready",
        "Click and collect order missing",
        "Pickup code not recognised",
        "Went to the store for nothing",
      ],
      sentences: [
        "I got the text saying my order was ready, but the store could not find it.",
        "I went to the store twice and the order had not arrived yet.",
        "The store's system does not recognise my pickup code.",
        "The app has said ready for pickup for days, but the store says it is not there.",
        "I chose store pickup to get it quickly and it has been four days.",
      ],
      followUps: [],
      refs: ["Order no. [masked]."],
    },
  },
  {
    key: "damaged",
    perWeek: 9,
    trend: 1,
    channels: ["email", "web_form", "social"],
    csat: 0.5,
    firstResponse: 7,
    resolution: 80,
    it: {
      subjects: [
        "Prodotto arrivato danneggiato",
        "Confezione rotta alla consegna",
        "Schermo rotto all'apertura",
        "Articolo graffiato",
        "Pacco arrivato schiacciato",
        "Prodotto difettoso appena arrivato",
        "Pezzi mancanti nella confezione",
        "Televisore arrivato rotto",
        "Danno da trasporto",
        "Prodotto non integro",
        "Sostituzione prodotto danneggiato",
      ],
      sentences: [
        "Il prodotto è arrivato danneggiato: lo schermo è crepato e la scatola era schiacciata.",
        "Aprendo la confezione ho trovato il telefono pieno di graffi.",
        "Il pacco era bagnato e ammaccato, e il frullatore dentro ha il coperchio rotto.",
        "Nella scatola mancano il caricabatterie e il cavo.",
        "Il televisore si accende ma ha una riga verticale sullo schermo fin dal primo giorno.",
        "La scatola esterna era intatta, ma il vetro dentro era in frantumi.",
      ],
      followUps: [
        "Il corriere aveva fretta e non ho potuto controllare il pacco prima di firmare.",
        "Ho fatto le foto del danno, vorrei la sostituzione e non il rimborso.",
        "È un regalo di compleanno e mi serve un prodotto integro entro sabato.",
        "Mi è stato detto di segnalare il danno entro 48 ore dalla consegna, lo faccio ora.",
      ],
      refs: ["Ordine n. [masked]."],
    },
    en: {
      subjects: [
        "Item arrived damaged",
        "Broken product on delivery",
        "Screen cracked out of the box",
        "Missing parts in the box",
      ],
      sentences: [
        "The product arrived damaged, the screen is cracked and the box was crushed.",
        "When I opened the box the phone was covered in scratches.",
        "The charger and the cable are missing from the box.",
        "The outer box was fine but the glass inside was shattered.",
      ],
      followUps: ["I would like a replacement, not a refund."],
      refs: ["Order no. [masked]."],
    },
  },
  {
    key: "cancel",
    perWeek: 11,
    trend: 1,
    channels: ["phone", "email", "web_form"],
    csat: 0.35,
    firstResponse: 9,
    resolution: 100,
    it: {
      subjects: [
        "Disdetta abbonamento",
        "Come disdire il contratto?",
        "Disdetta non registrata",
        "Addebiti dopo la disdetta",
        "Il modulo di disdetta non funziona",
        "Recesso dal contratto",
        "Voglio chiudere la linea",
        "Penale per la disdetta",
        "Disdetta inviata via PEC",
        "Conferma della disdetta",
        "Cessazione contratto internet",
        "Ancora addebiti dopo il recesso",
      ],
      sentences: [
        "Voglio disdire l'abbonamento ma il modulo di disdetta online dà errore.",
        "Ho inviato la disdetta via PEC un mese fa e mi addebitate ancora il canone.",
        "Non ho mai ricevuto la conferma che la disdetta sia stata registrata.",
        "Mi trasferisco all'estero e devo chiudere la linea entro fine mese.",
        "Mi chiedete una penale ma il contratto era senza vincoli.",
        "Al telefono mi hanno proposto solo altre offerte, io voglio soltanto disdire.",
        "Devo restituire il modem dopo la disdetta? Nessuno me l'ha detto.",
        "Ho esercitato il recesso entro 14 giorni dall'attivazione.",
        "Dopo la cessazione del contratto mi è arrivata un'altra bolletta.",
        "Qual è la procedura corretta per disdire il contratto internet?",
      ],
      followUps: [],
      refs: ["Codice cliente [masked].", "Numero di contratto [masked]."],
    },
    en: {
      subjects: [
        "Cancel my subscription",
        "Cancellation not processed",
        "Still charged after cancelling",
        "How do I end my contract?",
      ],
      sentences: [
        "I want to cancel my subscription but the online cancellation form gives an error.",
        "I cancelled my contract a month ago and I am still being charged.",
        "I never received a confirmation that my cancellation was registered.",
        "I am moving abroad and need to close the line by the end of the month.",
        "You are asking for an early termination fee but my contract had no minimum term.",
      ],
      followUps: [],
      refs: ["Contract no. [masked]."],
    },
  },
];

type Frame = {
  /** Greetings start the message on a line of their own. */
  greetings: string[];
  /** Lead-ins run on into the first sentence, which then starts in lower case. */
  leadIns: string[];
  /** Details that fit any problem; `{date}` is a few days before the ticket. */
  details: string[];
  closings: string[];
  /** Reply and forward prefixes mail clients put before a subject. */
  prefixes: string[];
  months: string[];
  date: (day: number, month: string) => string;
};

const frames: Record<Language, Frame> = {
  it: {
    greetings: ["Buongiorno,", "Buonasera,", "Salve,", "Gentile assistenza,", "Ciao,", "Buongiorno"],
    leadIns: [
      "Salve, scrivo perché",
      "Buongiorno, vi contatto perché",
      "Buongiorno, vi segnalo che",
      "Vi scrivo perché",
      "Salve, volevo segnalare che",
    ],
    details: [
      "Vi ho già scritto il {date} senza ricevere risposta.",
      "Ho già chiamato il {date} e mi hanno detto di aspettare.",
      "È la seconda volta che vi contatto per questo.",
      "Sono vostro cliente da più di dieci anni.",
      "Ne ho già parlato con un vostro operatore il {date}.",
    ],
    closings: [
      "Grazie.",
      "Grazie mille",
      "Cordiali saluti",
      "Distinti saluti",
      "Attendo una vostra risposta.",
      "Grazie per l'aiuto.",
      "Saluti",
      "Aspetto notizie, grazie.",
    ],
    prefixes: ["Re: ", "R: ", "I: ", "URGENTE - "],
    months: [
      "gennaio",
      "febbraio",
      "marzo",
      "aprile",
      "maggio",
      "giugno",
      "luglio",
      "agosto",
      "settembre",
      "ottobre",
      "novembre",
      "dicembre",
    ],
    date: (day, month) => `${day} ${month}`,
  },
  en: {
    greetings: ["Hello,", "Hi,", "Good morning,", "Dear support team,"],
    leadIns: ["Hello, I'm writing because", "Hi, just to let you know that"],
    details: [
      "I already wrote to you on {date} and got no answer.",
      "This is the second time I have contacted you about this.",
      "I already spoke to one of your agents on {date}.",
    ],
    closings: ["Thanks.", "Thank you.", "Kind regards", "Best regards", "Looking forward to your reply."],
    prefixes: ["Re: ", "Fwd: "],
    months: [
      "January",
      "February",
      "March",
      "April",
      "May",
      "June",
      "July",
      "August",
      "September",
      "October",
      "November",
      "December",
    ],
    date: (day, month) => `${day} ${month}`,
  },
};

// "Il corriere…" and "L'app…" run on in lower case; "SIM…", "I was…" and "I'm…" keep theirs.
const runsOnLower: Record<Language, RegExp> = { it: /^\p{Lu}[\p{Ll}']/u, en: /^\p{Lu}\p{Ll}/u };

/** Word beginnings of five letters, enough to tell that "consegnato" and "consegna" agree. */
function stems(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}{5,}/gu) ?? []).map((word) => word.slice(0, 5)));
}

function pickFrom(random: () => number) {
  return <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
}

/** One customer message about `problem`: subject and body, in `language`. */
function composeMessage(
  problem: Problem,
  language: Language,
  random: () => number,
  openedAt: Date,
): { subject: string; body: string } {
  const pick = pickFrom(random);
  const texts = problem[language];
  const frame = frames[language];

  const count = random() < 0.5 ? 1 : random() < 0.8 ? 2 : 3;
  const sentences: string[] = [];
  while (sentences.length < count) {
    const sentence = pick(sentences.length ? [...texts.sentences, ...texts.followUps] : texts.sentences);
    if (!sentences.includes(sentence)) sentences.push(sentence);
  }
  // Usually the subject sums up what the message opens with; sometimes it is vaguer.
  const opening = stems(sentences[0]!);
  const fitting = texts.subjects.filter((candidate) => [...stems(candidate)].some((stem) => opening.has(stem)));
  let subject = pick(fitting.length && random() < 0.7 ? fitting : texts.subjects);
  if (random() < 0.06) subject = pick(frame.prefixes) + subject;
  let text = sentences.join(" ");
  const roll = random();
  // A lead-in cannot run on into a question or a wish ("Vi segnalo che voglio…").
  if (roll < 0.2 && !/^(Please|Voglio|Vorrei|Potete|Posso|Qual|Dove|Quando)\b|\?$/.test(sentences[0]!)) {
    const first = runsOnLower[language].test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
    text = `${pick(frame.leadIns)} ${first}`;
  } else if (roll < 0.75) {
    text = `${pick(frame.greetings)}\n${text}`;
  }
  if (random() < 0.5) {
    const before = new Date(openedAt.getTime() - (2 + Math.floor(random() * 10)) * 24 * 60 * 60 * 1000);
    const details = texts.refs.length && random() < 0.6 ? texts.refs : frame.details;
    text += ` ${pick(details).replace("{date}", frame.date(before.getUTCDate(), frame.months[before.getUTCMonth()]!))}`;
  }
  if (random() < 0.6) text += `\n${pick(frame.closings)}`;
  return { subject, body: text };
}

export type DemoTicket = {
  problem: string;
  language: Language;
  subject: string;
  body: string;
  channel: Channel;
  status: TicketStatus;
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  csatScore: number | null;
  csatGood: boolean | null;
  interactions: number;
};

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * Tickets over the `weeks` before `now`, problem by problem and week by week, `scale` times
 * the problems' volumes. `dropAt` gives, for a problem, when a fix went live: its volume is
 * higher before and lower after, so a done item's "after" chart has something true to show.
 */
export function generateDemoTickets(
  random: () => number,
  options: { now: number; weeks: number; scale?: number; dropAt?: ReadonlyMap<string, number> },
): DemoTicket[] {
  const { now, weeks, scale = 1 } = options;
  const pick = pickFrom(random);
  const result: DemoTicket[] = [];
  for (const problem of problems) {
    for (let week = 0; week < weeks; week++) {
      const weekStart = now - (weeks - week) * 7 * DAY;
      let rate = scale * problem.perWeek * (1 + ((problem.trend - 1) * week) / Math.max(1, weeks - 1));
      const drop = options.dropAt?.get(problem.key);
      if (drop !== undefined) rate = weekStart + 3.5 * DAY >= drop ? rate * 0.4 : rate * 1.4;
      const count = Math.max(0, Math.round(rate * (0.8 + random() * 0.4)));
      for (let n = 0; n < count; n++) {
        // Most customers write in office hours (08–21 UTC, 9–22 in Italy); a few at night.
        const day = Math.floor(weekStart / DAY) * DAY + Math.floor(random() * 7) * DAY;
        const openedAt = new Date(day + (random() < 0.9 ? 8 + random() * 13 : random() * 24) * HOUR);
        const language: Language = random() < ENGLISH_SHARE ? "en" : "it";
        const age = now - openedAt.getTime();
        const firstResponseHours = problem.firstResponse * (0.3 + random() * 1.4);
        const resolutionHours = problem.resolution * (0.3 + random() * 1.4);
        const answered = firstResponseHours * HOUR < age;
        const resolved = resolutionHours * HOUR < age && random() < 0.92;
        const status: TicketStatus = resolved
          ? random() < 0.5
            ? "closed"
            : "resolved"
          : answered && random() < 0.5
            ? "pending"
            : "open";
        const rated = resolved && random() < 0.6;
        const good = rated ? random() < problem.csat : null;
        result.push({
          problem: problem.key,
          language,
          ...composeMessage(problem, language, random, openedAt),
          channel: pick(problem.channels),
          status,
          openedAt,
          firstResponseAt: answered ? new Date(openedAt.getTime() + firstResponseHours * HOUR) : null,
          resolvedAt: resolved ? new Date(openedAt.getTime() + resolutionHours * HOUR) : null,
          csatScore: good === null ? null : good ? 4 + Math.round(random()) : 1 + Math.floor(random() * 3),
          csatGood: good,
          interactions: 1 + Math.floor(random() * (resolved ? 4 : 3)),
        });
      }
    }
  }
  return result;
}

/** A small deterministic random source, so every demo database and sample file looks the same. */
export function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
